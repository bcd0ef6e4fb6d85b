package dev.numbers.routing.trunks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SipUriTest {

  @Test
  void sip_and_sips_uris_with_a_user_or_a_host_and_port_are_accepted() {
    for (String good : new String[] {
        "sip:pbx.example.com", "sips:pbx.example.com:5061", "sip:+14155550123@sip.carrier.net",
        "sip:alice@10.0.0.1:5060", "sip:trunk@pbx.example.com;transport=tcp", "sip:[2001:db8::1]:5060",
        "SIP:Transfer_desk@Example.COM", "sips:ops-team@voice.example.co.uk", "sip:localhost"}) {
      assertThat(SipUri.isValid(good)).as(good).isTrue();
    }
  }

  @Test
  void other_schemes_missing_hosts_bad_ports_and_spaces_are_refused() {
    for (String bad : new String[] {
        "", "pbx.example.com", "http://pbx.example.com", "tel:+14155550123", "sip:", "sip:@pbx.example.com",
        "sip:alice@", "sip:pbx.example.com:0", "sip:pbx.example.com:65536", "sip:pbx.example.com:port",
        "sip:pbx example.com", "sip:-pbx.example.com", "sip:alice@@pbx.example.com", "sip:alice:secret@pbx.example.com",
        "sip:999.1.1.1", "sip:[::1", "sip://pbx.example.com", " sip:pbx.example.com"}) {
      assertThat(SipUri.isValid(bad)).as(bad).isFalse();
    }
  }

  @Test
  void at_most_255_characters() {
    String host = "a".repeat(60) + "." + "b".repeat(60) + "." + "c".repeat(60) + "." + "d".repeat(60) + ".com";
    String uri = "sip:" + host;
    assertThat(uri.length()).isLessThanOrEqualTo(255);
    assertThat(SipUri.isValid(uri)).isTrue();
    String tooLong = "sip:" + "u".repeat(240) + "@example.com";
    assertThat(tooLong.length()).isGreaterThan(255);
    assertThat(SipUri.isValid(tooLong)).isFalse();
    assertThat(SipUri.isValid(null)).isFalse();
  }
}
