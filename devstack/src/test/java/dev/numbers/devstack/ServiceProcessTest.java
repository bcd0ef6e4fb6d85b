package dev.numbers.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServiceProcessTest {

  @Test
  void a_health_answer_names_the_service_that_gave_it() {
    assertThat(ServiceProcess.answeringService("{\"status\":\"UP\",\"service\":\"inventory-service\",\"checks\":{}}"))
        .isEqualTo("inventory-service");
    assertThat(ServiceProcess.answeringService("{\"status\" : \"DOWN\", \"service\" : \"carrier-sandbox\"}"))
        .isEqualTo("carrier-sandbox");
  }

  @Test
  void an_answer_without_a_service_names_none() {
    assertThat(ServiceProcess.answeringService("<html>not ours</html>")).isNull();
    assertThat(ServiceProcess.answeringService("")).isNull();
    assertThat(ServiceProcess.answeringService(null)).isNull();
  }
}
