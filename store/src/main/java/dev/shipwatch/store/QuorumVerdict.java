package dev.shipwatch.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A target that runs in several locations, judged from the newest run of each: failing in at
 * least {@code quorum} locations is failing (an outage, and a page); failing in fewer is
 * degraded. A location with no run since {@code freshAfter} (no live node there, or none got to
 * it) has no data: it counts neither as failing nor as up. The status page and alerting both
 * judge by this, so that they agree.
 *
 * @param locations one entry per location the target lists, in config order
 */
public record QuorumVerdict(int quorum, List<Place> locations) {
    public QuorumVerdict {
        locations = List.copyOf(locations);
    }

    /** What one location says. */
    public enum State { UP, DEGRADED, FAILING, NO_DATA }

    /**
     * @param latest the location's newest run that decides status (success, degraded, failed), or null
     * @param state  {@link State#NO_DATA} when {@code latest} is null or too old
     */
    public record Place(String location, ProbeRun latest, State state) {}

    /**
     * @param newestFirst the target's recent runs, newest first (runs of any outcome; those that
     *                    do not decide status, and runs of other locations, are skipped)
     * @param freshAfter  a location's newest run must have started at or after this to count; null: any age
     */
    public static QuorumVerdict of(List<String> locations, int quorum, List<ProbeRun> newestFirst, Instant freshAfter) {
        List<Place> places = new ArrayList<>(locations.size());
        for (String location : locations) {
            ProbeRun latest = null;
            for (ProbeRun r : newestFirst) {
                if (location.equals(r.location()) && decides(r.outcome())) {
                    latest = r;
                    break;
                }
            }
            State state;
            if (latest == null || (freshAfter != null && latest.startedAt().isBefore(freshAfter))) {
                state = State.NO_DATA;
            } else {
                state = switch (latest.outcome()) {
                    case FAILED -> State.FAILING;
                    case DEGRADED -> State.DEGRADED;
                    default -> State.UP;
                };
            }
            places.add(new Place(location, latest, state));
        }
        return new QuorumVerdict(quorum, places);
    }

    /**
     * The ids of the runs after which the target failed in at least {@code quorum} locations (each
     * location by its newest deciding run up to then): the runs that count as failures for paging.
     *
     * @param newestFirst the target's recent runs, newest first
     */
    public static java.util.Set<String> failingAtQuorum(List<String> locations, int quorum, List<ProbeRun> newestFirst) {
        java.util.Map<String, Outcome> latest = new java.util.HashMap<>();
        java.util.Set<String> failing = new java.util.HashSet<>();
        for (int i = newestFirst.size() - 1; i >= 0; i--) {
            ProbeRun r = newestFirst.get(i);
            if (r.location() == null || !locations.contains(r.location()) || !decides(r.outcome())) {
                continue;
            }
            latest.put(r.location(), r.outcome());
            if (latest.values().stream().filter(o -> o == Outcome.FAILED).count() >= quorum) {
                failing.add(r.id());
            }
        }
        return failing;
    }

    private static boolean decides(Outcome o) {
        return o == Outcome.SUCCESS || o == Outcome.DEGRADED || o == Outcome.FAILED;
    }

    /** The locations whose newest run failed. */
    public List<String> failing() {
        return locations.stream().filter(p -> p.state() == State.FAILING).map(Place::location).toList();
    }

    /** Failing in at least {@code quorum} locations: down, and paged. */
    public boolean failed() {
        return failing().size() >= quorum;
    }

    /**
     * The target's outcome as a single run's would be: failed at the quorum; degraded when some
     * location fails or is degraded; success when every location with data is up; null (no data)
     * when no location has any.
     */
    public Outcome outcome() {
        if (failed()) {
            return Outcome.FAILED;
        }
        if (locations.stream().allMatch(p -> p.state() == State.NO_DATA)) {
            return null;
        }
        if (locations.stream().anyMatch(p -> p.state() == State.FAILING || p.state() == State.DEGRADED)) {
            return Outcome.DEGRADED;
        }
        return Outcome.SUCCESS;
    }
}
