package dev.numbers.system;

import static dev.numbers.system.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Issue 7 through the gateway: plans, trials, virtual numbers, channels, fallback, trunks, suspension, shared numbers. */
class SiblingFeaturesIT {

  private static String route(String e164) {
    return "/routes/" + e164.replace("+", "%2B");
  }

  private static List<String> offered(Api api, String areaCode, int limit) {
    return api.get("/numbers/search?bestEffort=false&areaCode=" + areaCode + "&limit=" + limit).body().path("data").findValuesAsText("e164");
  }

  @Test
  void at_the_plan_limit_twenty_concurrent_purchases_let_exactly_one_through() throws Exception {
    String org = "plan-" + Long.toHexString(System.nanoTime());
    Api api = Api.as(org);
    Api.Response plan = api.put("/admin/orgs/" + org + "/plan",
        json("planName", "tiny-" + org, "maxNumbers", 2, "maxVirtualNumbers", 1, "hasSubscription", true));
    assertThat(plan.status()).as(plan.toString()).isEqualTo(200);
    assertThat(api.post("/wallet/topups", json("amount", "500.00")).status()).isEqualTo(201);
    List<String> numbers = offered(api, "646", 21);
    assertThat(api.post("/numbers/purchase", json("e164", numbers.get(0))).status()).isEqualTo(201);

    Api.Response eligibility = api.get("/numbers/eligibility");
    assertThat(eligibility.body().path("currentCount").asInt()).isEqualTo(1);
    assertThat(eligibility.body().path("maxAllowed").asInt()).isEqualTo(2);
    assertThat(eligibility.body().path("planName").asText()).isEqualTo("tiny-" + org);

    ExecutorService pool = Executors.newFixedThreadPool(20);
    List<Future<Api.Response>> attempts = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      String e164 = numbers.get(i);
      attempts.add(pool.submit(() -> api.post("/numbers/purchase", json("e164", e164))));
    }
    int created = 0;
    for (Future<Api.Response> attempt : attempts) {
      Api.Response response = attempt.get();
      if (response.status() == 201) {
        created++;
      } else {
        assertThat(response.status()).as(response.toString()).isEqualTo(403);
        assertThat(response.code()).isEqualTo("plan_limit_reached");
      }
    }
    pool.shutdown();
    assertThat(created).isEqualTo(1);
    assertThat(api.get("/numbers/eligibility").body().path("currentCount").asInt()).isEqualTo(2);
  }

  @Test
  void one_free_trial_number_per_org_without_a_subscription() {
    Api api = Api.as("trial-" + Long.toHexString(System.nanoTime()));
    List<String> numbers = offered(api, "718", 2);

    Api.Response trial = api.post("/numbers/purchase", json("e164", numbers.get(0), "trial", true));
    assertThat(trial.status()).as(trial.toString()).isEqualTo(201);
    assertThat(trial.body().path("isTrial").asBoolean()).isTrue();
    assertThat(trial.body().path("trialExpiresAt").asText()).isNotBlank();
    assertThat(api.get("/wallet").body().path("balance").asText()).isEqualTo("0.00");
    assertThat(api.get("/wallet/transactions").body().path("data")).isEmpty();

    Api.Response second = api.post("/numbers/purchase", json("e164", numbers.get(1), "trial", true));
    assertThat(second.status()).isEqualTo(403);
    assertThat(second.code()).isEqualTo("trial_already_used");
  }

  @Test
  void virtual_numbers_are_free_route_like_any_number_and_never_come_from_the_carrier() {
    Api api = Api.as("virtual-" + Long.toHexString(System.nanoTime()));
    Api.Response agent = api.post("/agents", json("name", "Virtual desk", "published", true));
    Api.Response virtual = api.post("/numbers/virtual", json("name", "Internal line", "agentId", agent.body().path("id").asText()));
    assertThat(virtual.status()).as(virtual.toString()).isEqualTo(201);
    String e164 = virtual.body().path("e164").asText();
    assertThat(e164).startsWith("+899");
    assertThat(virtual.body().path("numberType").asText()).isEqualTo("virtual");
    assertThat(api.get("/wallet/transactions").body().path("data")).isEmpty();

    assertThat(api.get(route(e164)).body().path("answerable").asBoolean()).as("routed in the very next request").isTrue();
    assertThat(api.get("/numbers/available/" + e164.replace("+", "%2B")).status()).isIn(400, 404);
    assertThat(api.post("/numbers/purchase", json("e164", e164)).status()).isEqualTo(400);
  }

  @Test
  void voice_and_messaging_route_apart_with_a_fallback_a_trunk_and_suspension() {
    Api api = Api.as("channels-" + Long.toHexString(System.nanoTime()));
    Api stranger = Api.as("stranger-" + Long.toHexString(System.nanoTime()));
    Api.Response virtual = api.post("/numbers/virtual", json("name", "Channels"));
    String numberId = virtual.body().path("id").asText();
    String e164 = virtual.body().path("e164").asText();
    String voice = api.post("/agents", json("name", "Voice", "published", true)).body().path("id").asText();
    String sms = api.post("/agents", json("name", "Texts", "published", true)).body().path("id").asText();
    String strangersAgent = stranger.post("/agents", json("name", "Not yours", "published", true)).body().path("id").asText();

    assertThat(api.post("/numbers/" + numberId + "/assign", json("agentId", strangersAgent)).status()).isEqualTo(404);
    Api.Response assigned = api.post("/numbers/" + numberId + "/assign", json("agentId", voice, "messagingAgentId", sms));
    assertThat(assigned.status()).as(assigned.toString()).isEqualTo(200);
    assertThat(api.get(route(e164) + "?channel=voice").body().path("agentId").asText()).isEqualTo(voice);
    assertThat(api.get(route(e164) + "?channel=sms").body().path("agentId").asText()).isEqualTo(sms);
    assertThat(api.get(route(e164) + "?channel=fax").status()).isEqualTo(400);

    Api.Response trunk = api.post("/trunks", json("name", "PBX", "sipUri", "sip:pbx@example.com:5060"));
    assertThat(trunk.status()).as(trunk.toString()).isEqualTo(201);
    String trunkId = trunk.body().path("id").asText();
    assertThat(api.post("/trunks", json("name", "bad", "sipUri", "http://example.com")).status()).isEqualTo(400);
    assertThat(stranger.get("/trunks/" + trunkId).status()).isEqualTo(404);

    Api.Response patched = api.patch("/numbers/" + numberId, json("fallback", "+14155550100", "transferTrunkId", trunkId, "t38Enabled", true));
    assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
    assertThat(patched.body().path("fallback").asText()).isEqualTo("+14155550100");
    Api.Response halfBad = api.patch("/numbers/" + numberId, json("name", "Renamed", "fallback", "not a destination"));
    assertThat(halfBad.status()).isEqualTo(400);
    assertThat(api.get("/numbers/" + numberId).body().path("name").asText()).as("all or nothing").isEqualTo("Channels");

    // at once after the PATCH answered: ownership, not routing's event-fed view, decides whether a trunk is in use
    Api.Response inUse = api.delete("/trunks/" + trunkId);
    assertThat(inUse.status()).as("a trunk in use cannot be deleted: " + inUse).isEqualTo(409);
    assertThat(inUse.code()).isEqualTo("invalid_state");
    assertThat(api.get("/trunks/" + trunkId).status()).as("and is still there").isEqualTo(200);
    // read-your-writes on /routes: each answer below comes right after the write it reflects
    JsonNode suspendedRoute = api.get(route(e164)).body();
    assertThat(suspendedRoute.path("fallback").asText()).as("the PATCH's fallback, at once").isEqualTo("+14155550100");
    api.post("/numbers/" + numberId + "/suspend", null);
    JsonNode suspended = api.get(route(e164)).body();
    assertThat(suspended.path("answerable").asBoolean()).isFalse();
    assertThat(suspended.path("fallback").asText()).isEqualTo("+14155550100");
    api.post("/numbers/" + numberId + "/resume", null);
    assertThat(api.get(route(e164)).body().path("answerable").asBoolean()).isTrue();
  }

  @Test
  void shared_numbers_are_listed_on_request() {
    Api admin = Api.as("platform-admin");
    String e164 = "+1212555" + String.format("%04d", System.nanoTime() % 10_000);
    Api.Response shared = admin.post("/admin/shared-numbers", json("e164", e164, "name", "Main line"));
    assertThat(shared.status()).as(shared.toString()).isEqualTo(201);
    assertThat(Api.as("not-admin", "numbers:read numbers:write").post("/admin/shared-numbers", json("e164", e164, "name", "x")).status())
        .isEqualTo(403);
    Api api = Api.as("shared-" + Long.toHexString(System.nanoTime()));
    Api.Response list = api.get("/numbers?includeShared=true");
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.body().path("sharedNumbers").findValuesAsText("e164")).contains(e164);
    assertThat(api.get("/numbers").body().has("sharedNumbers")).isFalse();
  }
}
