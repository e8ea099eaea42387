package dev.shipwatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The components, groups and status-page sections: ids, groups, and every problem with its path. */
class StatusPageConfigTest {
    @TempDir
    static Path work;
    static ConfigLoader loader;

    @BeforeAll
    static void loader() {
        loader = Fixture.loader(Fixture.withCanary(work), Map.of());
    }

    @Test
    void declaredComponentsKeepTheirIdsAndGroupsAndUndeclaredOnesAreAddedWithSlugs() throws Exception {
        LoadedConfig loaded = loader.parseAll("""
                targets:
                  - { name: local-java, component: Local deploys, platform: { type: local } }
                  - { name: local-node, component: Node deploys, platform: { type: local } }
                  - { name: other, platform: { type: local } }
                groups:
                  - { name: Deploys, id: deploys, description: Build and deploy }
                components:
                  - { name: Local deploys, id: local, description: "The JDK on this host", group: Deploys }
                  - { name: Node deploys, group: deploys }
                  - { name: API, group: Public edge }
                status-page:
                  auto-incidents: true
                """, "test.yml");
        StatusPageConfig page = loaded.statusPage();

        assertThat(page.autoIncidents()).isTrue();
        assertThat(page.components()).containsExactly(
                new ComponentSpec("local", "Local deploys", "The JDK on this host", "deploys"),
                new ComponentSpec("node-deploys", "Node deploys", null, "deploys"),
                new ComponentSpec("api", "API", null, "public-edge"),
                new ComponentSpec("other", "other", null, null));
        assertThat(page.groups()).containsExactly(new GroupSpec("deploys", "Deploys", "Build and deploy"),
                new GroupSpec("public-edge", "Public edge", null));
        Target java = loaded.config().target("local-java").orElseThrow();
        assertThat(page.componentId(java)).isEqualTo("local");
        assertThat(page.componentId("Local deploys")).isEqualTo("local");
        assertThat(page.componentId("Not Declared Yet")).isEqualTo("not-declared-yet");
        assertThat(page.members("deploys")).extracting(ComponentSpec::id).containsExactly("local", "node-deploys");
        assertThat(page.targetsByComponent(loaded.config().targets()).get("local")).containsExactly(java);
    }

    @Test
    void withoutTheSectionsEveryTargetComponentIsAnUngroupedComponentAndAutoIncidentsAreOff() throws Exception {
        LoadedConfig loaded = loader.parseAll("""
                targets:
                  - { name: a, component: "Local deploys", platform: { type: local } }
                  - { name: b, component: "Local deploys", platform: { type: local } }
                """, "test.yml");
        assertThat(loaded.statusPage()).isEqualTo(StatusPageConfig.derive(loaded.config().targets()));
        assertThat(loaded.statusPage().components()).containsExactly(new ComponentSpec("local-deploys", "Local deploys", null, null));
        assertThat(loaded.statusPage().autoIncidents()).isFalse();
    }

    @Test
    void everyProblemInTheSectionsIsReportedWithItsPath() {
        List<String> problems = Fixture.problems(loader, """
                targets:
                  - { name: a, component: "Local-Deploys!", platform: { type: local } }
                groups:
                  - { id: Bad_Id, name: G }
                  - { description: no name }
                components:
                  - { name: Local deploys }
                  - { name: Other, id: local-deploys }
                  - { name: Third, colour: red }
                status-page:
                  auto-incidents: sometimes
                  theme: dark
                """);
        assertThat(problems).containsExactlyInAnyOrder(
                "status-page.theme: unknown key (known: auto-incidents, reports)",
                "status-page.auto-incidents: \"sometimes\" is not true or false",
                "groups[0].id: \"Bad_Id\" must be lower-case letters and digits joined by single dashes, at most 63 characters",
                "groups[1].name: missing",
                "components[1].id: id \"local-deploys\" is already used by components[0]",
                "components[2].colour: unknown key (known: name, id, description, group)",
                "targets[a].component: \"Local-Deploys!\" would get the id \"local-deploys\", which components[0] already has: "
                        + "declare the component under components with an id");
    }
}
