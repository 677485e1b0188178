//! Saved walks on disk: saving, listing, corrupt files, replays on changed trees.

use super::*;

fn session(id: &str, updated: u64) -> SavedWalk {
    SavedWalk {
        version: VERSION,
        id: id.into(),
        flow: "pairing".into(),
        facts: Facts::new(),
        answers: vec!["yes".into()],
        trail: Vec::new(),
        revision: "r".into(),
        started: 1,
        updated,
        finished: false,
    }
}

#[test]
fn saves_and_lists_newest_first_skipping_corrupt_files() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path().join("sessions"));
    store.save(&session("a", 10)).unwrap();
    store.save(&session("b", 20)).unwrap();
    fs::write(store.dir().join("broken.json"), "{ not json").unwrap();
    let (sessions, unreadable) = store.list();
    let ids: Vec<&str> = sessions.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["b", "a"]);
    assert_eq!(unreadable.len(), 1);
    assert!(unreadable[0].to_string().contains("broken.json"));
    assert_eq!(store.load("a").unwrap(), session("a", 10));
    assert!(store.load("../etc/passwd").is_err());
    store.remove("a").unwrap();
    store.remove("a").unwrap();
    assert_eq!(store.list().0.len(), 1);
}

#[test]
fn ids_differ_even_within_one_second() {
    assert_ne!(new_id("f", 1), new_id("f", 1));
}
