package dev.shipwatch.prober.canary;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A self-signed certificate for localhost and 127.0.0.1, made by the JDK's keytool (no
 * certificate library needed): the server's key store, and the certificate as PEM for a client
 * that is told to trust exactly it.
 */
final class TestCertificate {
    private static final char[] PASSWORD = "changeit".toCharArray();

    private final Path keyStore;
    private final String pem;

    private TestCertificate(Path keyStore, String pem) {
        this.keyStore = keyStore;
        this.pem = pem;
    }

    static TestCertificate create(Path dir) throws IOException, InterruptedException {
        Path ks = dir.resolve("server.p12");
        Path pem = dir.resolve("server.pem");
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "san=dns:localhost,ip:127.0.0.1",
                "-keystore", ks.toString(), "-storetype", "PKCS12", "-storepass", new String(PASSWORD));
        keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", ks.toString(), "-storepass", new String(PASSWORD),
                "-file", pem.toString());
        return new TestCertificate(ks, Files.readString(pem));
    }

    /** The certificate, PEM-encoded (what {@code CANARY_OUTBOUND_CA} takes). */
    String pem() {
        return pem;
    }

    SSLContext serverContext() throws IOException {
        try (InputStream in = Files.newInputStream(keyStore)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, PASSWORD);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot load the test key store " + keyStore, e);
        }
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException("keytool " + args[0] + " failed: " + out);
        }
    }
}
