package dev.numbers.devstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.utils.internals.Exit;

/**
 * Runs inside the broker child JVM: formats the KRaft storage (when given a cluster id), starts
 * {@code kafka.Kafka}, writes the ready marker once the broker answers, and exits when the parent
 * process is gone so that no broker outlives its test run.
 * Arguments: parent pid, server.properties, ready marker, cluster id or {@code -} to skip formatting.
 */
public final class BrokerMain {

  private BrokerMain() {
  }

  public static void main(String[] args) throws Exception {
    long parentPid = Long.parseLong(args[0]);
    String properties = args[1];
    Path ready = Path.of(args[2]);
    String clusterId = args[3];

    ProcessHandle.of(parentPid).ifPresentOrElse(
        parent -> parent.onExit().thenRun(() -> Runtime.getRuntime().halt(0)),
        () -> Runtime.getRuntime().halt(0));

    if (!"-".equals(clusterId)) {
      Exit.setExitProcedure((status, message) -> {
        if (status != 0) {
          throw new IllegalStateException("formatting the Kafka storage failed (" + status + "): " + message);
        }
      });
      kafka.tools.StorageTool.main(new String[] {"format", "-t", clusterId, "-c", properties, "--ignore-formatted"});
      Exit.resetExitProcedure();
    }

    Properties server = new Properties();
    try (var in = Files.newInputStream(Path.of(properties))) {
      server.load(in);
    }
    String bootstrap = server.getProperty("advertised.listeners").replace("PLAINTEXT://", "");
    Thread readiness = new Thread(() -> awaitAndMark(bootstrap, ready), "broker-readiness");
    readiness.setDaemon(true);
    readiness.start();
    try {
      kafka.Kafka.main(new String[] {properties});
    } catch (Throwable startupFailed) {
      // Kafka logs the cause, then calls Exit, which throws here (the procedures were reset
      // after formatting): its own threads would keep this JVM alive without a broker
      startupFailed.printStackTrace();
      Runtime.getRuntime().halt(1);
    }
  }

  private static void awaitAndMark(String bootstrap, Path ready) {
    Properties admin = new Properties();
    admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    admin.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
    admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
    for (int attempt = 0; attempt < 600; attempt++) {
      try (Admin client = Admin.create(admin)) {
        client.describeCluster().nodes().get();
        client.listTopics().names().get();
        Files.writeString(ready, "ready\n");
        return;
      } catch (Exception e) {
        try {
          Thread.sleep(100);
        } catch (InterruptedException interrupted) {
          return;
        }
      }
    }
  }
}
