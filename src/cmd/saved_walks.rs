//! `resume --list`: the unfinished walks, most recently used first, each with its age and
//! where it stopped in words a person knows it by, fitted to the width.

use std::io::IsTerminal;
use std::time::{SystemTime, UNIX_EPOCH};

use watchfix::graph::Graph;
use watchfix::session::{self, Fit, SavedWalk};
use watchfix::text::shown;

use crate::frontend::narration::{cut_at_word, node_name};
use crate::frontend::terminal::wrap_to;
use crate::output;

/// The width a listing is fitted to: the terminal's, or `COLUMNS` when stdout is not a
/// terminal, else 80; within reason.
fn columns() -> usize {
    let columns = if std::io::stdout().is_terminal() {
        usize::from(console::Term::stdout().size().1)
    } else {
        std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.parse().ok())
            .unwrap_or(80)
    };
    columns.clamp(30, 100)
}

/// Three lines a walk, in the order of last use (the store lists them so):
///
/// ```text
/// pairing-1763940000-12345-3 · 5 minutes ago
///     The watch won't pair or keeps disconnecting
///     Step 2: Make sure nothing blocks the Bluetooth connection…
/// ```
pub fn list(graph: &Graph, sessions: &[SavedWalk]) {
    if sessions.is_empty() {
        output::print("No unfinished walks.\n");
        return;
    }
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    // Indented lines keep the last column free: a row that fills it wraps on some terminals.
    let room = columns() - 5;
    let mut out = String::new();
    for session in sessions {
        // Session files can be edited by hand: what they hold is printed through `shown`.
        out.push_str(&format!(
            "{} · {}\n",
            shown(&session.id),
            ago(now.saturating_sub(session.updated))
        ));
        let (title, place) = stopped_at(graph, session, room);
        out.push_str(&format!(
            "    {}\n    {}\n",
            cut_at_word(&title, room),
            place
        ));
    }
    let hint = "Continue one with `watchfix resume <ID>`, or the latest of a flow with \
                `watchfix resume <FLOW>`.";
    out.push_str(&format!("\n{}\n", wrap_to(hint, columns() - 1)));
    output::print(&out);
}

/// A saved walk's flow title, and where it stands in `room` columns: the step and what
/// the node asks or says first.
fn stopped_at(graph: &Graph, session: &SavedWalk, room: usize) -> (String, String) {
    match session::replay(graph, session) {
        Fit::Resumed(walk) => {
            let view = walk.current();
            let step = format!("Step {}: ", walk.answers().len() + 1);
            let name = node_name(&view, room.saturating_sub(step.chars().count()));
            (
                graph.flow(walk.root()).title.clone(),
                format!("{step}{name}"),
            )
        }
        Fit::Changed(_) => (
            graph.flow_by_id(&session.flow).map_or_else(
                || shown(&session.flow).into_owned(),
                |f| graph.flow(f).title.clone(),
            ),
            cut_at_word(
                "The flows changed since it was saved; it starts again.",
                room,
            ),
        ),
    }
}

fn ago(seconds: u64) -> String {
    let (n, unit) = match seconds {
        0..60 => return "just now".into(),
        60..3600 => (seconds / 60, "minute"),
        3600..86_400 => (seconds / 3600, "hour"),
        _ => (seconds / 86_400, "day"),
    };
    format!("{n} {unit}{} ago", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_in_words() {
        assert_eq!(ago(5), "just now");
        assert_eq!(ago(60), "1 minute ago");
        assert_eq!(ago(7200), "2 hours ago");
        assert_eq!(ago(3 * 86_400), "3 days ago");
    }
}
