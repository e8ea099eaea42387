import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;

/** A canary that starts but never becomes healthy: every request gets 503. */
public class Canary {
    public static void main(String[] args) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(System.getenv("PORT"))), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.start();
    }
}
