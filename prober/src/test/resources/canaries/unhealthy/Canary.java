import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;

/** Listens, but /health answers 503 forever: cold start must time out. */
public class Canary {
    public static void main(String[] args) throws Exception {
        var server = HttpServer.create(new InetSocketAddress(System.getenv("CANARY_BIND"), Integer.parseInt(System.getenv("PORT"))), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.start();
    }
}
