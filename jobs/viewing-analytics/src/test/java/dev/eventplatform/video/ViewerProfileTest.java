package dev.eventplatform.video;

import static dev.eventplatform.video.Viewing.ONE_DAY;
import static dev.eventplatform.video.Viewing.ONE_MINUTE;
import static dev.eventplatform.video.Viewing.T0;
import static dev.eventplatform.video.Viewing.view;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The taste arithmetic of {@link ViewerProfile}: weights, decay and the bounded history. */
class ViewerProfileTest {

  private static final long HALF_LIFE = 14 * ONE_DAY;
  private static final List<String> COMEDY = List.of("comedy");
  private static final List<String> DRAMA = List.of("drama");

  @Test
  void aViewWeighsMinutesWatchedTimesCompletion() {
    ViewerProfile profile =
        ViewerProfile.empty()
            .withView(view("u", "c1", 60 * ONE_MINUTE, 0.5, T0), COMEDY, HALF_LIFE, 200);

    assertThat(profile.genreWeights().get("comedy")).isCloseTo(30, within(1e-9));
  }

  @Test
  void weightsHalveAfterOneHalfLifeOfEventTime() {
    ViewerProfile profile =
        ViewerProfile.empty()
            .withView(view("u", "c1", 60 * ONE_MINUTE, 1.0, T0), COMEDY, HALF_LIFE, 200)
            .withView(view("u", "d1", 60 * ONE_MINUTE, 1.0, T0 + HALF_LIFE), DRAMA, HALF_LIFE, 200);

    assertThat(profile.genreWeights().get("comedy")).isCloseTo(30, within(1e-9));
    assertThat(profile.genreWeights().get("drama")).isCloseTo(60, within(1e-9));
    assertThat(profile.genrePreferences()).containsEntry("drama", 1.0);
    assertThat(profile.genrePreferences().get("comedy")).isCloseTo(0.5, within(1e-9));
  }

  @Test
  void theOrderViewsArriveInDoesNotChangeTheWeights() {
    ViewerProfile inOrder =
        ViewerProfile.empty()
            .withView(view("u", "c1", 60 * ONE_MINUTE, 1.0, T0), COMEDY, HALF_LIFE, 200)
            .withView(
                view("u", "d1", 60 * ONE_MINUTE, 1.0, T0 + 3 * ONE_DAY), DRAMA, HALF_LIFE, 200);
    ViewerProfile reversed =
        ViewerProfile.empty()
            .withView(
                view("u", "d1", 60 * ONE_MINUTE, 1.0, T0 + 3 * ONE_DAY), DRAMA, HALF_LIFE, 200)
            .withView(view("u", "c1", 60 * ONE_MINUTE, 1.0, T0), COMEDY, HALF_LIFE, 200);

    assertThat(reversed.weightsAsOf()).isEqualTo(inOrder.weightsAsOf());
    assertThat(reversed.genreWeights().get("comedy"))
        .isCloseTo(inOrder.genreWeights().get("comedy"), within(1e-9));
    assertThat(reversed.genreWeights().get("drama"))
        .isCloseTo(inOrder.genreWeights().get("drama"), within(1e-9));
  }

  @Test
  void historyKeepsTheLatestDistinctTitlesUpToItsSize() {
    ViewerProfile profile = ViewerProfile.empty();
    for (int i = 0; i < 205; i++) {
      profile =
          profile.withView(
              view("u", "t" + i, 60 * ONE_MINUTE, 1.0, T0 + i * ONE_MINUTE),
              COMEDY,
              HALF_LIFE,
              200);
    }
    profile =
        profile.withView(
            view("u", "t100", 60 * ONE_MINUTE, 1.0, T0 + 300 * ONE_MINUTE), COMEDY, HALF_LIFE, 200);

    assertThat(profile.recentTitles()).hasSize(200).doesNotHaveDuplicates();
    assertThat(profile.recentTitles().get(0)).isEqualTo("t100");
    assertThat(profile.recentTitles().get(1)).isEqualTo("t204");
    assertThat(profile.recentTitles()).doesNotContain("t0", "t4").contains("t5");
  }

  @Test
  void topGenresAreTheStrongestFirst() {
    ViewerProfile profile =
        ViewerProfile.empty()
            .withView(view("u", "c1", 10 * ONE_MINUTE, 1.0, T0), COMEDY, HALF_LIFE, 200)
            .withView(view("u", "d1", 50 * ONE_MINUTE, 1.0, T0), DRAMA, HALF_LIFE, 200)
            .withView(view("u", "s1", 30 * ONE_MINUTE, 1.0, T0), List.of("scifi"), HALF_LIFE, 200);

    assertThat(profile.topGenres(2)).containsExactly("drama", "scifi");
  }
}
