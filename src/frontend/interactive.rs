//! The interactive front end: menus at a real terminal.
//!
//! Prompts are drawn only when stdin and stderr are terminals. Every menu is a
//! [`Menu`](crate::frontend::menu::Menu) with the same keys (`b` back, `r` start over, `n`
//! note, `q` or Esc quit) named in its footer; what a node shows is chosen by its kind, so
//! a new kind of node gets its own arm. Back at the first question leaves the flow for the
//! list or the search results it was chosen from. Ctrl-C restores the cursor and exits 4.

use std::io::IsTerminal;

use console::{Term, style};

use crate::error::{Fail, Result};
use crate::exit_code::ExitCode;
use crate::frontend::asks::{confirm_restart, note, type_value};
use crate::frontend::end_screen;
use crate::frontend::interrupt::{on_ctrl_c, save, standing, watch_interrupts};
use crate::frontend::io_error;
use crate::frontend::line_editor::edit_line_under;
use crate::frontend::menu::{Above, Look, Menu, Pick, echo, erase_above, print_above};
use crate::frontend::narration::{self, Place};
use crate::frontend::reply::WALK_KEYS;
use crate::frontend::report::Leave;
use crate::frontend::support;
use crate::frontend::terminal::{fit, size};
use watchfix::graph::{FIXED_LABEL, FlowId, Graph};
use watchfix::search;
use watchfix::session::{self, Recorder};
use watchfix::walk::{Facts, Origin, Stamp, View, ViewKind, Walk};

/// Whether prompts can be drawn.
pub fn available() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// Where a flow was chosen, to go back to from its first question.
#[derive(Debug, Clone)]
pub enum Opening {
    /// The list of problems, with the cursor on this item.
    List(usize),
    /// The results of searching for this description.
    Results(String),
}

impl Opening {
    /// The list, with the cursor on `flow`.
    pub fn at_flow(graph: &Graph, flow: FlowId) -> Opening {
        let index = graph
            .flows_by_category()
            .iter()
            .position(|(id, _)| *id == flow);
        Opening::List(index.map_or(0, |i| i + 1))
    }
}

/// What the opening menus lead to.
pub enum Start {
    /// A flow to walk, with the facts the description named, chosen from `from`.
    Walk {
        flow: FlowId,
        facts: Facts,
        from: Opening,
    },
    /// Nothing to walk: the person quit, or wrote to support.
    Done(ExitCode),
}

/// The result of a walk at the terminal.
pub enum Walked {
    Ended(ExitCode),
    /// Back from the first question.
    Back,
}

/// The opening menus: describe the problem, or pick it from the list.
pub fn choose_flow(graph: &Graph, mut opening: Opening) -> Result<Start> {
    on_ctrl_c();
    let term = Term::stderr();
    let flows = graph.flows_by_category();
    loop {
        match opening {
            Opening::List(cursor) => {
                let mut items = vec!["Describe your problem in your own words…".to_string()];
                // The category when it fits on the title's row; the title matters more.
                let room = size().1.saturating_sub(7);
                items.extend(flows.iter().map(|(_, f)| {
                    let both = format!("{} ({})", f.title, f.category);
                    if console::measure_text_width(&both) <= room {
                        both
                    } else {
                        f.title.clone()
                    }
                }));
                let above = [];
                let menu = Menu {
                    prompt: "What is wrong with your watch?",
                    items: &items,
                    default: cursor,
                    keys: &[],
                    above: &above,
                };
                match menu.interact(&term).map_err(io_error)? {
                    Pick::Quit | Pick::Key(_) => return Ok(Start::Done(ExitCode::Stopped)),
                    Pick::Item(0) => match describe(&term)? {
                        Some(text) => opening = Opening::Results(text),
                        None => opening = Opening::List(0),
                    },
                    Pick::Item(index) => {
                        echo(&term, "What is wrong with your watch?", &items[index]);
                        return Ok(Start::Walk {
                            flow: flows[index - 1].0,
                            facts: Facts::new(),
                            from: Opening::List(index),
                        });
                    }
                }
            }
            Opening::Results(ref text) => match results(graph, &term, text)? {
                Found::Flow(flow) => {
                    return Ok(Start::Walk {
                        flow,
                        facts: search::facts_named(graph, text),
                        from: opening,
                    });
                }
                Found::List(cursor) => opening = Opening::List(cursor),
                Found::Support => {
                    let text = text.clone();
                    return support::write(graph, &term, &text).map(Start::Done);
                }
                Found::Quit => return Ok(Start::Done(ExitCode::Stopped)),
            },
        }
    }
}

/// Asks for a description; `None` when the person pressed Esc or typed nothing.
fn describe(term: &Term) -> Result<Option<String>> {
    let hint = [Above::new(
        Look::Dim,
        "For example: keeps disconnecting, battery drains overnight. Enter searches, Esc goes back.",
    )];
    print_above(term, &hint);
    let text = edit_line_under(term, &hint, "Describe the problem", "").map_err(io_error)?;
    Ok(text.filter(|t| !t.trim().is_empty()))
}

enum Found {
    Flow(FlowId),
    List(usize),
    Support,
    Quit,
}

/// The flows that match a description, each sure or marked "Maybe:" with how well it
/// fits; when nothing fits, the categories and a way to write to support.
fn results(graph: &Graph, term: &Term, text: &str) -> Result<Found> {
    let matches = search::best(graph, text);
    let flows = graph.flows_by_category();
    let mut items = Vec::new();
    let mut found = Vec::new();
    let prompt = if matches.is_empty() {
        let _ = term.write_line(&fit(
            &style(format!("Nothing matches \"{text}\"."))
                .yellow()
                .to_string(),
            size().1 - 1,
        ));
        let mut seen: Vec<&str> = Vec::new();
        for (index, (_, flow)) in flows.iter().enumerate() {
            if !seen.contains(&flow.category.as_str()) {
                seen.push(&flow.category);
                items.push(format!("Browse: {}", flow.category));
                found.push(Found::List(index + 1));
            }
        }
        "Choose a kind of problem"
    } else {
        for m in &matches {
            items.push(narration::match_label(&m.title, m.score));
            found.push(Found::Flow(m.flow));
        }
        items.push("None of these: show all problems".into());
        found.push(Found::List(0));
        narration::matches_heading(matches[0].score)
    };
    items.push("Something else: write to support".into());
    found.push(Found::Support);
    let menu = Menu {
        prompt,
        items: &items,
        default: 0,
        keys: &[('b', "back")],
        above: &[],
    };
    Ok(match menu.interact(term).map_err(io_error)? {
        Pick::Item(index) => {
            if matches!(found[index], Found::Flow(_)) {
                echo(term, prompt, &items[index]);
            }
            found.swap_remove(index)
        }
        Pick::Key(_) => Found::List(0),
        Pick::Quit => Found::Quit,
    })
}

/// A node this walk answered as it was shown: what stood above its menu, and the echo
/// of the answer.
struct Shown {
    above: Vec<Above>,
    prompt: &'static str,
    answer: String,
}

/// The screen of a walk as it stands: its title and every node answered, after Back or
/// a start over took some off. Drawn anew rather than erased row by row, since what
/// goes may have scrolled above the top of the terminal.
fn redraw(term: &Term, title: &[Above], shown: &[Shown]) {
    let _ = term.clear_screen();
    print_above(term, &title[1..]);
    for node in shown {
        print_above(term, &node.above);
        echo(term, node.prompt, &node.answer);
    }
}

/// Walks to an end, one menu per node.
pub fn walk(mut walk: Walk, leave: Leave, recorder: &mut Recorder) -> Result<Walked> {
    watch_interrupts();
    let term = Term::stderr();
    let mut place = Place::default();
    let mut cursor_on: Option<String> = None;
    let title = [
        Above::new(Look::Plain, ""),
        Above::new(Look::Bold, &walk.graph().flow(walk.root()).title),
    ];
    print_above(&term, &title);
    let mut shown: Vec<Shown> = Vec::new();
    // Whether anything was answered in this walk, so more than its first node is shown.
    let mut answered = false;
    while !walk.is_finished() {
        save(recorder, &walk);
        standing(&walk);
        let view = walk.current();
        let mut above = vec![Above::new(Look::Plain, "")];
        if let Some(line) = place.moved(&view) {
            above.push(Above::new(Look::Bold, line));
        }
        above.push(Above::new(Look::Dim, narration::position(&walk)));
        let (prompt, items) = node_menu(&view, &mut above);
        print_above(&term, &above);
        let default = cursor_on
            .take()
            .and_then(|id| view.choices.iter().position(|c| c.id == id))
            .unwrap_or(0);
        let menu = Menu {
            prompt,
            items: &items,
            default,
            keys: WALK_KEYS,
            above: &above,
        };
        let pick = menu.interact(&term).map_err(io_error)?;
        if let Pick::Key(_) = pick {
            // The node is drawn again after what the key does, so it goes off the screen.
            erase_above(&term, &above);
        }
        let answers = walk.answers().len();
        match pick {
            Pick::Item(0) if view.kind == ViewKind::Input => {
                answered = true;
                echo(&term, prompt, &items[0]);
                type_value(&term, &mut walk, &view)?;
            }
            Pick::Item(index) => {
                answered = true;
                echo(&term, prompt, &items[index]);
                // An input's first item is "type it"; its choices (skip) come after.
                let offset = usize::from(view.kind == ViewKind::Input);
                let id = &view.choices[index - offset].id;
                walk.answer(id).map_err(|e| Fail::failure(e.to_string()))?;
                walk.stamp(Stamp {
                    by: Origin::Person,
                    at: session::now(),
                });
            }
            Pick::Key('n') => note(&term, &mut walk)?,
            Pick::Key('b') => {
                cursor_on = walk.answers().last().cloned();
                if !walk.back() {
                    // A flow left from its first node takes its title along.
                    erase_above(
                        &term,
                        Some(&title[..]).filter(|_| !answered).unwrap_or_default(),
                    );
                    return Ok(Walked::Back);
                }
                // The node gone back to is asked again: its answer goes off the screen.
                // `place` stays where the walk was, so going back out of a subflow says so.
                shown.pop();
                redraw(&term, &title, &shown);
            }
            Pick::Key('r') => {
                if confirm_restart(&term, &walk)? {
                    walk.restart();
                    shown.clear();
                    place = Place::default();
                    redraw(&term, &title, &shown);
                }
            }
            Pick::Key(_) => {}
            Pick::Quit => {
                let kept = crate::frontend::interrupt::kept(&walk);
                let line = narration::stopped(&walk, "Stopped", kept);
                let _ = term.write_line(&crate::frontend::terminal::for_stderr(&line));
                if let Some(lost) = crate::frontend::interrupt::lost(&walk) {
                    let _ = term.write_line(&lost);
                }
                leave.write(&walk, Origin::Person)?;
                return Ok(Walked::Ended(ExitCode::Stopped));
            }
        }
        if walk.answers().len() > answers {
            let answer = match pick {
                Pick::Item(0) if view.kind == ViewKind::Input => walk.answers().last().cloned(),
                Pick::Item(index) => items.get(index).cloned(),
                _ => None,
            };
            shown.push(Shown {
                above,
                prompt,
                answer: answer.unwrap_or_default(),
            });
        }
    }
    save(recorder, &walk);
    end_screen::show(&walk, leave).map(Walked::Ended)
}

/// What a node shows above its menu, and the menu's prompt and items, by its kind.
fn node_menu(view: &View, above: &mut Vec<Above>) -> (&'static str, Vec<String>) {
    let labels = || view.choices.iter().map(|c| c.label.clone()).collect();
    match view.kind {
        ViewKind::Question => {
            above.push(Above::new(Look::Plain, &view.text));
            ("Choose", labels())
        }
        ViewKind::Step => {
            above.push(Above::new(Look::Plain, &view.text));
            // A step labelled by its tree ("Found it") is not asked as a fix.
            let as_fix = view.choices.first().is_some_and(|c| c.label == FIXED_LABEL);
            (if as_fix { "Did that work?" } else { "Choose" }, labels())
        }
        ViewKind::Input => {
            above.push(Above::new(Look::Plain, &view.text));
            if let Some(input) = &view.input {
                above.push(Above::new(
                    Look::Dim,
                    narration::input_hint(input, false).trim(),
                ));
            }
            let mut items = vec!["Type it…".to_string()];
            items.extend(labels());
            ("Your answer", items)
        }
        ViewKind::Tell => {
            above.push(Above::new(Look::Plain, &view.text));
            ("Go on", labels())
        }
        ViewKind::End => unreachable!("the end screen shows an end"),
    }
}
