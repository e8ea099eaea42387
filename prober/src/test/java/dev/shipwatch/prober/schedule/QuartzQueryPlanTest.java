package dev.shipwatch.prober.schedule;

import dev.shipwatch.config.Storage;
import dev.shipwatch.store.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.quartz.impl.jdbcjobstore.StdJDBCConstants;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The queries Quartz runs for every fire find their rows through an index on the embedded store,
 * not by reading all of QRTZ_TRIGGERS (which, at 10,000 targets, was half of the monitor's CPU). The SQL is Quartz's own, from the jar in use, so an upgrade that changes
 * it is checked too.
 */
class QuartzQueryPlanTest {
    private final Database db = Database.open(new Storage("jdbc:h2:mem:plan-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null));

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void triggerAcquisitionAndTheMisfireScanUseTheStateAndFireTimeIndex() throws SQLException {
        assertThat(plan(StdJDBCConstants.SELECT_NEXT_TRIGGER_TO_ACQUIRE, "'WAITING'", "1000", "0"))
                .contains("IDX_QRTZ_T_NFT_ST");
        assertThat(plan(StdJDBCConstants.SELECT_MISFIRED_TRIGGERS_IN_STATE, "1000", "'WAITING'")).contains("IDX_QRTZ_T_NFT_ST");
        assertThat(plan(StdJDBCConstants.COUNT_MISFIRED_TRIGGERS_IN_STATE, "1000", "'WAITING'")).contains("IDX_QRTZ_T_NFT_ST");
    }

    @Test
    void aJobsTriggersAreFoundByIndex() throws SQLException {
        // H2's own index for the foreign key to QRTZ_JOB_DETAILS: the index's condition names the job.
        assertThat(plan(StdJDBCConstants.UPDATE_JOB_TRIGGER_STATES_FROM_OTHER_STATE, "'BLOCKED'", "'t1'", "'shipwatch'", "'WAITING'"))
                .containsPattern("/\\* PUBLIC\\.\\w+_INDEX\\w*: SCHED_NAME = 'shipwatch'\\s+AND JOB_NAME = 't1'");
    }

    /** H2's plan for one of Quartz's statements, its parameters filled in as literals. */
    private String plan(String quartzSql, String... parameters) throws SQLException {
        String sql = quartzSql.replace("{0}", "QRTZ_").replace("{1}", "'shipwatch'");
        for (String p : parameters) {
            sql = sql.replaceFirst("\\?", p);
        }
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("EXPLAIN " + sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
