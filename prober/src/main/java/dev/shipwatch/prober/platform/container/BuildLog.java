package dev.shipwatch.prober.platform.container;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.BuildResponseItem;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** Collects an image build's output stream: the last lines, the error the engine reported, the image id. */
final class BuildLog extends ResultCallback.Adapter<BuildResponseItem> {
    private static final int KEPT_LINES = 200;

    private final Deque<String> lines = new ArrayDeque<>();
    private volatile String error;
    private volatile String imageId;

    @Override
    public void onNext(BuildResponseItem item) {
        if (item.getStream() != null) {
            synchronized (lines) {
                item.getStream().lines().map(String::stripTrailing).filter(l -> !l.isBlank()).forEach(l -> {
                    lines.addLast(l);
                    if (lines.size() > KEPT_LINES) {
                        lines.removeFirst();
                    }
                });
            }
        }
        if (item.isErrorIndicated()) {
            error = item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
                    ? item.getErrorDetail().getMessage() : item.getError();
        }
        if (item.getImageId() != null) {
            imageId = item.getImageId();
        }
    }

    /** The error the engine reported in the stream, or null. */
    String error() {
        return error;
    }

    String imageId() {
        return imageId;
    }

    /** The last {@code n} lines of build output. */
    List<String> tail(int n) {
        synchronized (lines) {
            List<String> all = List.copyOf(lines);
            return all.subList(Math.max(0, all.size() - n), all.size());
        }
    }
}
