package dev.shipwatch.statuspage;

import dev.shipwatch.config.Target;
import dev.shipwatch.store.FailureClass;
import dev.shipwatch.store.Outcome;
import dev.shipwatch.store.Phase;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.shipwatch.statuspage.Fixtures.NOW;
import static dev.shipwatch.statuspage.Fixtures.SITE;
import static dev.shipwatch.statuspage.Fixtures.failed;
import static dev.shipwatch.statuspage.Fixtures.ofOutcome;
import static dev.shipwatch.statuspage.Fixtures.success;
import static dev.shipwatch.statuspage.Fixtures.target;
import static org.assertj.core.api.Assertions.assertThat;

/** Component status from the targets' latest runs. */
class StatusModelTest {
    private final InMemoryRunStore store = new InMemoryRunStore();

    private StatusModel read(Target... targets) {
        return StatusModel.read(SITE, List.of(targets), store, NOW, NOW.minusSeconds(3600));
    }

    private ComponentStatus statusOf(Target... targets) {
        return read(targets).components().get(0).status();
    }

    @Test
    void aComponentWhoseTargetsHaveNoRunsHasNoData() {
        assertThat(statusOf(target("a", "C"), target("b", "C"))).isEqualTo(ComponentStatus.NO_DATA);
    }

    @Test
    void everyTargetWithDataFailingIsAMajorOutage() {
        store.add(failed("a", 1, Phase.BUILD, FailureClass.BUILD_FAILED, "m"));
        store.add(failed("b", 1, Phase.DEPLOY, FailureClass.QUOTA, "m"));

        assertThat(statusOf(target("a", "C"), target("b", "C"), target("never-ran", "C")))
                .isEqualTo(ComponentStatus.MAJOR_OUTAGE);
    }

    @Test
    void someTargetsFailingIsAPartialOutage() {
        store.add(failed("a", 1, Phase.BUILD, FailureClass.BUILD_FAILED, "m"));
        store.add(Fixtures.degraded("b", 1));

        assertThat(statusOf(target("a", "C"), target("b", "C"))).isEqualTo(ComponentStatus.PARTIAL_OUTAGE);
    }

    @Test
    void aDegradedTargetDegradesTheComponent() {
        store.add(success("a", 1));
        store.add(Fixtures.degraded("b", 1));

        assertThat(statusOf(target("a", "C"), target("b", "C"))).isEqualTo(ComponentStatus.DEGRADED_PERFORMANCE);
    }

    @Test
    void onlyTheLatestRunCounts() {
        store.add(failed("a", 10, Phase.BUILD, FailureClass.BUILD_FAILED, "m"));
        store.add(success("a", 5));

        assertThat(statusOf(target("a", "C"))).isEqualTo(ComponentStatus.OPERATIONAL);
    }

    @Test
    void abortedAndSkippedRunsDoNotChangeTheStatus() {
        store.add(failed("a", 10, Phase.BUILD, FailureClass.BUILD_FAILED, "m"));
        store.add(ofOutcome("a", 5, Outcome.ABORTED));
        store.add(ofOutcome("a", 2, Outcome.SKIPPED));

        StatusModel model = read(target("a", "C"));

        assertThat(model.components().get(0).status()).isEqualTo(ComponentStatus.MAJOR_OUTAGE);
        assertThat(model.components().get(0).lastCheckedAt()).as("but they count as checks").isEqualTo(NOW.minusSeconds(120));
    }

    @Test
    void onlyAbortedRunsMeanNoData() {
        store.add(ofOutcome("a", 5, Outcome.ABORTED));

        assertThat(statusOf(target("a", "C"))).isEqualTo(ComponentStatus.NO_DATA);
    }

    @Test
    void theOverallStatusIsTheWorstOfTheComponentsWithData() {
        store.add(success("a", 1));
        store.add(Fixtures.degraded("b", 1));

        assertThat(read(target("a", "A"), target("b", "B"), target("c", "C")).overall())
                .isEqualTo(ComponentStatus.DEGRADED_PERFORMANCE);
        assertThat(read(target("c", "C")).overall()).isEqualTo(ComponentStatus.NO_DATA);
    }

    @Test
    void targetsAreGroupedByComponentInConfigOrderWithUniqueSlugIds() {
        StatusModel model = read(target("a", "Local Deploys"), target("b", "Heroku (EU)"), target("c", "Local Deploys"),
                target("d", "local-deploys"), target("e", "¡¿!"));

        assertThat(model.components()).extracting(StatusModel.Component::id)
                .containsExactly("local-deploys", "heroku-eu", "local-deploys-2", "component");
        assertThat(model.components().get(0).targets()).extracting(t -> t.target().name()).containsExactly("a", "c");
        assertThat(model.components()).extracting(StatusModel.Component::position).containsExactly(1, 2, 3, 4);
    }
}
