/** Dies at start-up, as a canary with a missing setting would. */
public class Canary {
    public static void main(String[] args) {
        System.err.println("fatal: cannot read settings");
        System.exit(3);
    }
}
