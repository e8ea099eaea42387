package dev.shipwatch.prober.canary;

import dev.shipwatch.store.FirstRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.util.List;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.Handshake;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;

/**
 * One call's event times (System.nanoTime; 0 = did not happen). Attached to a request as its tag
 * and handed to OkHttp by {@link #FACTORY}, so each call has its own state.
 *
 * <p>Per OkHttp's listener contract these methods are quick and never throw. Fields are volatile
 * because with fast fallback OkHttp may connect on one of its own threads.
 */
final class CallTimings extends EventListener {
    /** Returns the call's {@code CallTimings} tag, or a no-op listener for untagged calls. */
    static final EventListener.Factory FACTORY = call -> {
        CallTimings t = call.request().tag(CallTimings.class);
        return t != null ? t : EventListener.NONE;
    };

    private volatile long callStart;
    private volatile long dnsStart;
    private volatile long dnsEnd;
    private volatile long connectStart;
    private volatile long secureStart;
    private volatile long secureEnd;
    private volatile long connectEnd;
    private volatile long requestSent;
    private volatile long responseHeadersStart;
    private volatile long responseHeadersEnd;
    private volatile long responseBodyStart;
    private volatile long responseBodyEnd;
    private volatile long callEnd;

    /** Tags a request so the factory gives its call this listener. */
    Request tag(Request request) {
        return request.newBuilder().tag(CallTimings.class, this).build();
    }

    @Override
    public void callStart(Call call) {
        callStart = System.nanoTime();
    }

    @Override
    public void dnsStart(Call call, String domainName) {
        if (dnsStart == 0) {
            dnsStart = System.nanoTime();
        }
    }

    @Override
    public void dnsEnd(Call call, String domainName, List<InetAddress> addresses) {
        dnsEnd = System.nanoTime();
    }

    @Override
    public void connectStart(Call call, InetSocketAddress address, Proxy proxy) {
        // The first attempt counts: a failed route and its retry are part of what the user waits for.
        if (connectStart == 0) {
            connectStart = System.nanoTime();
        }
    }

    @Override
    public void secureConnectStart(Call call) {
        secureStart = System.nanoTime();
    }

    @Override
    public void secureConnectEnd(Call call, Handshake handshake) {
        secureEnd = System.nanoTime();
    }

    @Override
    public void connectEnd(Call call, InetSocketAddress address, Proxy proxy, Protocol protocol) {
        connectEnd = System.nanoTime();
    }

    @Override
    public void requestHeadersEnd(Call call, Request request) {
        requestSent = System.nanoTime();
    }

    @Override
    public void requestBodyEnd(Call call, long byteCount) {
        requestSent = System.nanoTime();
    }

    @Override
    public void responseHeadersStart(Call call) {
        // OkHttp fires this once the status line and headers have been read: the first byte is in.
        responseHeadersStart = System.nanoTime();
    }

    @Override
    public void responseHeadersEnd(Call call, Response response) {
        responseHeadersEnd = System.nanoTime();
    }

    @Override
    public void responseBodyStart(Call call) {
        responseBodyStart = System.nanoTime();
    }

    @Override
    public void responseBodyEnd(Call call, long byteCount) {
        responseBodyEnd = System.nanoTime();
    }

    @Override
    public void callEnd(Call call) {
        callEnd = System.nanoTime();
    }

    @Override
    public void callFailed(Call call, IOException ioe) {
        callEnd = System.nanoTime();
    }

    /** Whether this call opened its own connection (a reused one fires no connect events). */
    boolean connected() {
        return connectStart != 0;
    }

    /** callStart → callEnd, in ms. */
    double totalMs() {
        return ms(callStart, callEnd);
    }

    /** @param socketTtfbMs TTFB seen at the socket, preferred when present (see {@link FirstByteSocketFactory}) */
    FirstRequest toFirstRequest(int status, Double socketTtfbMs) {
        Double dns = between(dnsStart, dnsEnd);
        Double tls = between(secureStart, secureEnd);
        // OkHttp's connectEnd comes after the TLS handshake; connect alone ends where TLS starts.
        Double connect = between(connectStart, secureStart != 0 ? secureStart : connectEnd);
        // Under TLS the first bytes read after the request may be a TLS 1.3 session ticket rather
        // than the answer, so only plain HTTP takes the socket's figure.
        Double ttfb = socketTtfbMs != null && secureStart == 0 ? socketTtfbMs : between(requestSent, responseHeadersStart);
        Double transfer = responseBodyStart != 0 && responseBodyEnd != 0
                ? between(responseBodyStart, responseBodyEnd)
                : between(responseHeadersEnd, callEnd);
        return new FirstRequest(dns, connect, tls, ttfb, transfer, totalMs(), status);
    }

    private static Double between(long start, long end) {
        return start != 0 && end != 0 && end >= start ? ms(start, end) : null;
    }

    private static double ms(long start, long end) {
        return (end - start) / 1_000_000.0;
    }
}
