//! Symptom search: real phrasings, each with the flow that must come first. The ranking is
//! checked through the library; `watchfix find` through the binary, on the same table.

mod common;

use common::Test;
use watchfix::check::check;
use watchfix::graph::Graph;
use watchfix::load;
use watchfix::search::{KEEP, SHOWN, WEAK, best, rank};

const CASES: &[(&str, &str)] = &[
    ("my watch keeps disconnecting", "pairing"),
    ("watch won't connect to my phone", "pairing"),
    ("can't pair with new phone", "pairing"),
    ("bluetooth pairing fails", "pairing"),
    ("wont bind to iphone", "pairing"),
    ("the app can't find my watch", "pairing"),
    ("no whatsapp notifications", "notifications"),
    ("not getting notifications", "notifications"),
    ("calls don't show on the watch", "notifications"),
    ("music control not working", "notifications"),
    ("can't take pictures with the watch", "notifications"),
    ("batery dies", "battery"),
    ("battery drains too fast", "battery"),
    ("how long does the battery last", "battery"),
    ("can I buy a new battery", "battery"),
    ("data not syncing", "sync"),
    ("steps won't sync to the app", "sync"),
    ("contacts missing on watch", "sync"),
    ("weather not showing", "sync"),
    ("time is wrong on my watch", "sync"),
    ("export to strava", "sync"),
    ("gps not working", "gps"),
    ("route is inaccurate", "gps"),
    ("altitude is wrong", "gps"),
    ("firmware update failed", "firmware-update"),
    ("how do i update the software", "firmware-update"),
    ("step count is wrong", "activity"),
    ("heart rate readings are off", "activity"),
    ("sleep not tracked", "activity"),
    ("calories wrong when cycling", "activity"),
    ("change the language", "settings"),
    ("how to change the watch face", "settings"),
    ("vibration too weak", "settings"),
    ("forgot password", "watch-password"),
    ("my watch is locked with a pin", "watch-password"),
    ("bluetooth won't connect", "pairing"),
    ("connection keeps dropping", "pairing"),
    ("not receiving text messages on my watch", "notifications"),
    ("whatsapp messages don't appear", "notifications"),
    ("battery drains overnight", "battery"),
    ("watch won't charge", "charging"),
    ("weather doesn't update", "sync"),
    ("strava not syncing", "sync"),
    ("sleep data missing from the app", "sync-data"),
    ("workout history not on my phone", "sync-data"),
    ("heart rate history gone", "sync-data"),
    ("no gps signal on runs", "gps"),
    ("gps doesn't track my route", "gps"),
    ("update stuck at 50%", "firmware-update"),
    ("ota update fails", "firmware-update"),
    ("counts steps while driving", "activity"),
    ("sleep tracking wrong", "activity"),
    ("turn off the sound", "settings"),
    ("sedentary reminder keeps buzzing", "reminders"),
    ("how do I keep the screen always on", "always-on-display"),
    ("aod not working", "always-on-display"),
    ("can't unlock my watch", "watch-password"),
    ("forgot the pin code", "watch-password"),
    ("locked out of my watch", "watch-password"),
    ("my watch won't turn on", "charging"),
    ("the charger doesn't work", "charging"),
    ("how do I return my watch", "returns"),
    ("when do I get my refund", "returns"),
    ("what's in the box", "in-the-box"),
    ("where can I buy a tank x1 strap", "in-the-box"),
    ("can't answer calls on my watch", "calls-audio"),
    ("no sound from the watch during calls", "calls-audio"),
    ("how do I set an alarm", "reminders"),
    ("remind me to move every hour", "reminders"),
    ("how do I contact customer service", "support-details"),
    ("what is my order number", "purchase-details"),
];

/// Everyday phrasings, written from the FAQ's questions in an owner's own words before the
/// vocabulary was tuned: typos, loan words (German, Spanish), app names, one-word spellings,
/// short and long. At least [`EVERYDAY_TOP1`] of them must rank the right flow first.
const EVERYDAY: &[(&str, &str)] = &[
    ("watch not pairing", "pairing"),
    ("bluetooth wont connect to my samsung", "pairing"),
    ("cant connect watch to new phone", "pairing"),
    ("keeps losing connection", "pairing"),
    ("the watch disconnects all the time", "pairing"),
    ("kospet fit app doesnt find watch", "pairing"),
    ("Handy verbindet nicht mit der Uhr", "pairing"),
    ("reloj no se conecta", "pairing"),
    ("pairing failed", "pairing"),
    ("app says device disconnected", "pairing"),
    ("no notifications from telegram", "notifications"),
    ("whatsapp not showing on watch", "notifications"),
    ("i dont get message alerts", "notifications"),
    ("incoming calls not shown on watch", "notifications"),
    ("watch doesnt vibrate for messages", "notifications"),
    ("instagram notifications missing", "notifications"),
    ("can't control spotify from watch", "notifications"),
    ("camera remote not working", "notifications"),
    ("notificaciones no llegan", "notifications"),
    ("no sms on my wrist", "notifications"),
    ("battery drains in one day", "battery"),
    ("Akku leer nach einem Tag", "battery"),
    ("batería se agota rápido", "battery"),
    ("battery life bad", "battery"),
    ("batery draining fast", "battery"),
    ("how many mah is the battery", "battery"),
    ("can i replace the battery myself", "battery"),
    ("power saving mode", "battery"),
    ("battery percentage drops quickly", "battery"),
    ("watch dies by afternoon", "battery"),
    ("watch not charging", "charging"),
    ("wont turn on", "charging"),
    ("screen black and won't turn on", "charging"),
    ("charger doesnt work", "charging"),
    ("watch dead after charging", "charging"),
    ("lädt nicht", "charging"),
    ("no carga", "charging"),
    ("magnetic charger not connecting", "charging"),
    ("new watch won't power on", "charging"),
    ("battery stuck at 0", "charging"),
    ("weather not updating", "sync"),
    ("wrong time on watch", "sync"),
    ("clock wrong", "sync"),
    ("time zone wrong after travel", "sync"),
    ("contacts not syncing", "sync"),
    ("sync with apple health", "sync"),
    ("strava connection", "sync"),
    ("date is wrong", "sync"),
    ("weather shows nothing", "sync"),
    ("can I use the watch without my phone", "sync"),
    ("steps not showing in app", "sync-data"),
    ("sleep data not in the app", "sync-data"),
    ("app shows no data", "sync-data"),
    ("workout didn't sync to kospet fit", "sync-data"),
    ("heart rate history missing in app", "sync-data"),
    ("gps won't start", "gps"),
    ("no gps signal", "gps"),
    ("does my watch have gps", "gps"),
    ("route map wrong", "gps"),
    ("altitude wrong", "gps"),
    ("distance wrong on my run", "gps"),
    ("elevation is off", "gps"),
    ("gps position not found", "gps"),
    ("how to update firmware", "firmware-update"),
    ("update failed", "firmware-update"),
    ("software update stuck", "firmware-update"),
    ("ota update won't work", "firmware-update"),
    ("install the new version", "firmware-update"),
    ("firmware upgrade error", "firmware-update"),
    ("actualizar reloj", "firmware-update"),
    ("step counter not working", "activity"),
    ("counts steps when sleeping", "activity"),
    ("steps not counted", "activity"),
    ("heart rate wrong", "activity"),
    ("blood oxygen wrong", "activity"),
    ("spo2 readings off", "activity"),
    ("blood pressure inaccurate", "activity"),
    ("stress level wrong", "activity"),
    ("hr not accurate", "activity"),
    ("sleep tracking not working", "activity"),
    ("calories wrong cycling", "activity"),
    ("pulse too high", "activity"),
    ("change language", "settings"),
    ("change watchface", "settings"),
    ("new watch face", "settings"),
    ("vibration too strong", "settings"),
    ("turn off sounds", "settings"),
    ("silent mode", "settings"),
    ("breathing exercise", "settings"),
    ("sprache ändern", "settings"),
    ("cambiar idioma", "settings"),
    ("how to set alarm", "reminders"),
    ("move reminder", "reminders"),
    ("watch buzzes every hour", "reminders"),
    ("alarm too quiet", "reminders"),
    ("sedentary alert", "reminders"),
    ("always on display", "always-on-display"),
    ("screen turns off too fast", "always-on-display"),
    ("keep screen on", "always-on-display"),
    ("forgot passcode", "watch-password"),
    ("watch locked", "watch-password"),
    ("pin forgotten", "watch-password"),
    ("contraseña olvidada", "watch-password"),
    ("refund", "returns"),
    ("return the watch", "returns"),
    ("warranty claim", "returns"),
    ("repair status", "returns"),
    ("cancel order money back", "returns"),
    ("what comes in the box", "in-the-box"),
    ("my box had no charger in it", "in-the-box"),
    ("buy strap", "in-the-box"),
    ("replacement band tank x1", "in-the-box"),
    ("can't answer calls on watch", "calls-audio"),
    ("no sound during calls", "calls-audio"),
    ("bluetooth calling not working", "calls-audio"),
    ("can't hear the caller", "calls-audio"),
    ("do not disturb", "notifications"),
    ("dnd on watch", "notifications"),
    ("KOSPET FIT notifications", "notifications"),
    ("email customer service", "support-details"),
];

/// The share of [`EVERYDAY`] that must rank the right flow first.
const EVERYDAY_TOP1: f64 = 0.95;

/// Problems no flow answers: the search says so (nothing, or only weak matches) rather
/// than offering a wrong flow.
const NOTHING_FITS: &[&str] = &[
    "screen flickering",
    "touch screen not responding",
    "screen is too dim",
    "water resistance",
    "scratched glass",
];

/// Words several flows have alike: alone, they say little about which flow is meant.
const GENERIC: &[&str] = &[
    "turn on",
    "data",
    "wrong",
    "missing",
    "not working",
    "setting",
    "phone",
];

fn graph() -> Graph {
    check(load::embedded())
        .graph
        .expect("the shipped trees are valid")
}

/// Each phrasing whose first match is not the flow expected, with the top three it got.
fn misranked(graph: &Graph, cases: &[(&str, &str)]) -> Vec<String> {
    let mut wrong = Vec::new();
    for (query, expected) in cases {
        let ranked = rank(graph, query);
        let first = ranked.first().map_or("(nothing)", |m| m.id.as_str());
        if first != *expected {
            let top: Vec<String> = ranked
                .iter()
                .take(3)
                .map(|m| format!("{} {:.2}", m.id, m.score))
                .collect();
            wrong.push(format!(
                "{query:?}: expected {expected}, got {}",
                top.join(", ")
            ));
        }
    }
    wrong
}

#[test]
fn real_phrasings_rank_the_right_flow_first() {
    let graph = graph();
    let wrong = misranked(&graph, CASES);
    assert!(
        wrong.is_empty(),
        "{} of {} ranked wrong:\n{}",
        wrong.len(),
        CASES.len(),
        wrong.join("\n")
    );
}

#[test]
fn everyday_phrasings_rank_the_right_flow_first() {
    let graph = graph();
    let wrong = misranked(&graph, EVERYDAY);
    let right = EVERYDAY.len() - wrong.len();
    let rate = right as f64 / EVERYDAY.len() as f64;
    assert!(EVERYDAY.len() >= 100, "at least 100 everyday phrasings");
    assert!(
        rate >= EVERYDAY_TOP1,
        "{right} of {} ({:.1}%) first; wrong:\n{}",
        EVERYDAY.len(),
        rate * 100.0,
        wrong.join("\n")
    );
}

#[test]
fn a_problem_no_flow_answers_offers_no_flow_as_a_fit() {
    let graph = graph();
    for query in NOTHING_FITS {
        let ranked = rank(&graph, query);
        assert!(
            ranked.first().is_none_or(|m| m.score < WEAK),
            "{query:?} fits no flow, yet: {ranked:?}"
        );
    }
}

#[test]
fn nonsense_matches_nothing() {
    let graph = graph();
    assert!(rank(&graph, "xyzzy plugh").is_empty());
    assert!(rank(&graph, "").is_empty());
    assert!(rank(&graph, "my watch").is_empty());
}

#[test]
fn every_flow_has_phrasings_in_the_cases() {
    let graph = graph();
    let mut ids: Vec<&str> = graph.flows().map(|(_, f)| f.id.as_str()).collect();
    ids.sort_unstable();
    let mut tested: Vec<&str> = CASES.iter().map(|(_, id)| *id).collect();
    tested.sort_unstable();
    tested.dedup();
    assert_eq!(tested, ids, "every flow has phrasings in CASES");
}

#[test]
fn a_generic_word_does_not_score_full_marks_for_several_flows() {
    let graph = graph();
    for query in GENERIC {
        let ranked = rank(&graph, query);
        let full = ranked.iter().filter(|m| m.score >= 0.99).count();
        assert!(full <= 1, "{query:?}: {ranked:?}");
        let top = ranked.first().expect("some flow has the word");
        assert!(top.score < WEAK, "{query:?} is a weak match: {ranked:?}");
    }
}

/// A pairing problem told in plain words is a fit, not a "maybe".
#[test]
fn a_watch_that_will_not_pair_with_a_new_phone_is_a_sure_match() {
    let graph = graph();
    for query in [
        "watch wont pair with new phone",
        "won't pair",
        "new phone, watch keeps disconnecting",
    ] {
        let ranked = rank(&graph, query);
        let top = ranked.first().expect("a match");
        assert_eq!(top.id, "pairing", "{query:?}: {ranked:?}");
        assert!(top.score >= watchfix::search::SURE, "{query:?}: {ranked:?}");
    }
}

#[test]
fn a_watch_that_will_not_turn_on_finds_the_charging_flow() {
    // The charging flow is about a watch that won't charge or power on.
    let graph = graph();
    for query in [
        "watch won't turn on",
        "my watch does not turn on",
        "watch is dead",
    ] {
        let ranked = rank(&graph, query);
        let top = ranked.first().expect("the nearest flow");
        assert_eq!(top.id, "charging", "{query:?}: {ranked:?}");
        assert!(top.score >= WEAK, "{query:?}: {ranked:?}");
    }
    // The same words about something that has a flow still find it.
    let ranked = rank(&graph, "gps won't turn on");
    assert_eq!((ranked[0].id.as_str(), ranked[0].score), ("gps", 1.0));
}

#[test]
fn each_symptom_phrase_gives_its_flow_full_marks() {
    let graph = graph();
    for (_, flow) in graph.flows() {
        for symptom in &flow.symptoms {
            let ranked = rank(&graph, symptom);
            let found = ranked.iter().find(|m| m.id == flow.id);
            assert_eq!(found.map(|m| m.score), Some(1.0), "{symptom:?}: {ranked:?}");
            // First, or tied with another flow listing the same phrase.
            assert_eq!(ranked[0].score, 1.0, "{symptom:?}: {ranked:?}");
        }
    }
}

#[test]
fn scores_are_between_0_and_1_and_sorted_best_first() {
    let graph = graph();
    let queries = CASES
        .iter()
        .map(|(query, _)| *query)
        .chain(GENERIC.iter().copied())
        .chain(["watch won't turn on", "batery", "xyzzy battery"]);
    for query in queries {
        let ranked = rank(&graph, query);
        assert!(!ranked.is_empty(), "{query:?}");
        for m in &ranked {
            assert!(m.score > 0.0 && m.score <= 1.0, "{query:?}: {m:?}");
        }
        for pair in ranked.windows(2) {
            assert!(pair[0].score >= pair[1].score, "{query:?}: {ranked:?}");
        }
        let mut ids: Vec<&str> = ranked.iter().map(|m| m.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), ranked.len(), "each flow once: {query:?}");
    }
}

#[test]
fn best_keeps_the_matches_near_the_top() {
    let graph = graph();
    for query in CASES
        .iter()
        .map(|(query, _)| *query)
        .chain(GENERIC.iter().copied())
    {
        let ranked = rank(&graph, query);
        let kept = best(&graph, query);
        assert!(!kept.is_empty() && kept.len() <= SHOWN, "{query:?}");
        let top = kept[0].score;
        for (k, r) in kept.iter().zip(&ranked) {
            assert_eq!(k.id, r.id, "a prefix of the ranking: {query:?}");
            assert!(k.score >= top * KEEP, "{query:?}: {kept:?}");
        }
        if let Some(next) = ranked.get(kept.len())
            && kept.len() < SHOWN
        {
            assert!(next.score < top * KEEP, "{query:?}: {ranked:?}");
        }
    }
    assert!(best(&graph, "xyzzy plugh").is_empty());
}

#[test]
fn find_through_the_binary_shows_what_best_keeps() {
    let graph = graph();
    for (query, _) in CASES {
        let run = Test::new()
            .args(["find", query, "--json"])
            .stdout_json()
            .run();
        let shown: Vec<String> = run
            .json()
            .as_array()
            .expect("an array of matches")
            .iter()
            .map(|m| m["id"].as_str().expect("an id").to_string())
            .collect();
        let kept: Vec<String> = best(&graph, query).into_iter().map(|m| m.id).collect();
        assert_eq!(shown, kept, "{query:?}");
    }
}

#[test]
fn find_names_the_flow_to_run_or_says_nothing_matched() {
    let graph = graph();
    let pairing = graph.flow(graph.flow_by_id("pairing").expect("pairing"));
    // The words may be given apart; one clear match is shown with the command to run it.
    let kept = best(&graph, "my watch keeps disconnecting");
    assert_eq!(kept.len(), 1, "{kept:?}");
    Test::new()
        .args(["find", "my", "watch", "keeps", "disconnecting"])
        .stdout(format!(
            "{:.0}%  pairing  {}\n\nStart with `watchfix run pairing`.\n",
            kept[0].score * 100.0,
            pairing.title
        ))
        .run();
    // Nothing matching exits 1, as grep does.
    Test::new()
        .args(["find", "xyzzy plugh"])
        .status(1)
        .stdout("No flow matches \"xyzzy plugh\". See every flow with `watchfix list`.\n")
        .run();
    Test::new()
        .args(["find", "xyzzy plugh", "--json"])
        .status(1)
        .stdout("[]\n")
        .run();
}

#[test]
fn weak_matches_say_maybe_and_how_well_they_fit() {
    let graph = graph();
    let query = "heart wrong";
    let kept = best(&graph, query);
    let first = kept.first().expect("a nearest flow");
    assert!(first.score < watchfix::search::WEAK, "{kept:?}");
    Test::new()
        .args(["find", query])
        .stdout_contains(format!("  Maybe: {} (weak match)\n", first.title))
        .stdout_contains("No flow fits that closely")
        .run();
}
