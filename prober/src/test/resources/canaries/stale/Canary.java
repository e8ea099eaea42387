import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Healthy, but reports another run's nonce, like a platform still serving the previous version. */
public class Canary {
    public static void main(String[] args) throws Exception {
        String started = Instant.now().toString();
        var server = HttpServer.create(new InetSocketAddress(System.getenv("CANARY_BIND"), Integer.parseInt(System.getenv("PORT"))), 0);
        server.createContext("/", exchange -> {
            byte[] body = ("{\"nonce\":\"0123456789abcdef0123456789abcdef\",\"started_at\":\"" + started + "\",\"version\":\"old\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }
}
