package dev.numbers.platform.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numbers.platform.db.TableMaintenance.Need;
import org.junit.jupiter.api.Test;

class TableMaintenanceTest {

  @Test
  void a_table_is_vacuumed_when_more_than_a_fifth_of_its_rows_plus_fifty_are_dead() {
    assertThat(TableMaintenance.need(1_000, 250, 0)).isEqualTo(Need.NOTHING);
    assertThat(TableMaintenance.need(1_000, 251, 0)).isEqualTo(Need.VACUUM_AND_ANALYZE);
    assertThat(TableMaintenance.need(0, 51, 0)).isEqualTo(Need.VACUUM_AND_ANALYZE);
  }

  @Test
  void a_table_is_analyzed_when_more_than_a_tenth_of_its_rows_plus_fifty_changed() {
    assertThat(TableMaintenance.need(1_000, 0, 150)).isEqualTo(Need.NOTHING);
    assertThat(TableMaintenance.need(1_000, 0, 151)).isEqualTo(Need.ANALYZE);
  }

  @Test
  void a_table_s_own_scale_factors_replace_the_defaults() {
    // a table read only by its key: analyzed once its changed rows outnumber its rows
    assertThat(TableMaintenance.need(1_000, 0, 1_050, 0.2, 1.0)).isEqualTo(Need.NOTHING);
    assertThat(TableMaintenance.need(1_000, 0, 1_051, 0.2, 1.0)).isEqualTo(Need.ANALYZE);
    assertThat(TableMaintenance.need(1_000, 101, 0, 0.05, 0.1)).isEqualTo(Need.VACUUM_AND_ANALYZE);
  }

  @Test
  void a_quiet_table_needs_nothing() {
    assertThat(TableMaintenance.need(0, 0, 0)).isEqualTo(Need.NOTHING);
    assertThat(TableMaintenance.need(10_000, 100, 100)).isEqualTo(Need.NOTHING);
  }
}
