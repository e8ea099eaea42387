/** Does not compile: the build must fail with javac's message. */
public class Canary {
    public static void main(String[] args) {
        System.out.println("never built")
    }
}
