//! "Something else: write to support": when no flow fits, the problem in the owner's own
//! words becomes a short letter to KOSPET Customer Service, with the phone and model the
//! description names. It is shown, and can be saved like the letter at a walk's end.

use console::{Term, style};
use watchfix::graph::Graph;
use watchfix::search;

use crate::error::Result;
use crate::exit_code::ExitCode;
use crate::frontend::end_screen::{save_text, wrap_block};
use crate::frontend::ending::LETTER_INTRO;
use crate::frontend::interrupt;
use crate::frontend::line_editor::edit_line_under;
use crate::frontend::menu::{Above, Look, Menu, Pick, print_above};

/// Asks for the problem (the description typed so far is the start), shows the letter
/// and offers to save it. Ends as an escalated walk does (exit 3); Esc leaves with 4.
pub fn write(graph: &Graph, term: &Term, typed: &str) -> Result<ExitCode> {
    let above = [
        Above::new(Look::Plain, ""),
        Above::new(Look::Bold, "Write to KOSPET Customer Service"),
        Above::new(
            Look::Dim,
            "Say what the watch does, since when, and what you tried. Enter writes the letter, Esc leaves.",
        ),
    ];
    print_above(term, &above);
    let Some(problem) =
        edit_line_under(term, &above, "The problem", typed).map_err(super::io_error)?
    else {
        return Ok(ExitCode::Stopped);
    };
    let problem = problem.trim();
    if problem.is_empty() {
        return Ok(ExitCode::Stopped);
    }
    interrupt::walk_ended(ExitCode::Escalate);
    let text = letter(graph, problem);
    let _ = term.write_line("");
    let _ = term.write_line(&style(LETTER_INTRO).bold().to_string());
    let _ = term.write_str(&wrap_block(&text));
    loop {
        let items = [
            "Finish".to_string(),
            "Save the letter (plain text)".to_string(),
        ];
        let menu = Menu::of("What next?", &items);
        match menu.interact(term).map_err(super::io_error)? {
            Pick::Item(1) => save_text(term, "watchfix-letter.txt", &text, 0o644, "letter")?,
            _ => return Ok(ExitCode::Escalate),
        }
    }
}

/// The letter: the problem in the owner's words and the facts it names.
pub fn letter(graph: &Graph, problem: &str) -> String {
    let mut known = String::new();
    for (fact, value) in search::facts_named(graph, problem) {
        if let Some(declared) = graph.fact(&fact) {
            let label = declared
                .values
                .iter()
                .find(|(id, _)| *id == value)
                .map_or(value.as_str(), |(_, label)| label.as_str());
            known.push_str(&format!("- {}: {label}\n", declared.name));
        }
    }
    if !known.is_empty() {
        known.insert(0, '\n');
    }
    format!(
        "Hello KOSPET Customer Service,\n\n\
         I need help with my watch. In my own words:\n\n\
         {problem}\n{known}\n\
         None of watchfix's troubleshooting guides covered it, so I am writing to you.\n\n\
         Thank you.\n"
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_letter_holds_the_problem() {
        let graph = watchfix::check::check(watchfix::load::embedded())
            .graph
            .expect("the shipped trees are valid");
        let text = super::letter(&graph, "the strap of my tank m3 ultra broke");
        assert!(
            text.contains("the strap of my tank m3 ultra broke"),
            "{text}"
        );
        assert!(text.contains("- Watch model: TANK M3 ULTRA"), "{text}");
    }
}
