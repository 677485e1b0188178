//! Diagnostics rendered for people (rustc-style), for tools (JSON) and for GitHub Actions.

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use crate::diagnostic::{Diagnostic, Severity};
use crate::source::Sources;
use crate::text::shown;

/// rustc-style text: `error[E0009]: ...`, `--> file:line:col`, the line with a caret, `help:`.
pub fn human(diagnostics: &[Diagnostic], sources: &Sources, color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for diagnostic in diagnostics {
        // Ids and values in messages come from tree files: printed through `shown`.
        let message = shown(&diagnostic.message()).into_owned();
        let label = diagnostic.label().map(|l| shown(&l).into_owned());
        let help = diagnostic.help().map(|h| shown(&h).into_owned());
        let level = match diagnostic.severity() {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let title = || {
            level
                .primary_title(message.as_str())
                .id(diagnostic.code().as_str())
        };
        let mut group: Group = match diagnostic.span {
            Some(span) => {
                let file = sources.get(span.file);
                let end = span.end().max(span.start());
                // Only the lines the span covers go to the renderer: handing it the whole
                // file for every diagnostic made large trees quadratic.
                let first = file.position(span.start()).line;
                let last = file.position(end).line;
                let lines = file.line_range(first).start..file.line_range(last).end;
                let window = Window::around(&file.text, lines, span.start()..end);
                let mut annotation = AnnotationKind::Primary.span(window.span.clone());
                if let Some(label) = &label {
                    annotation = annotation.label(label.as_str());
                }
                let path = shown(&file.path).into_owned();
                let snippet = Snippet::source(window.text)
                    .line_start(first + 1)
                    .annotation(annotation);
                if window.cut {
                    // A window cut out of a long line: the renderer would count the column
                    // from the window's start, so the place is given outright.
                    let column = file.position(span.start()).column;
                    title()
                        .element(Origin::path(path).line(first + 1).char_column(column + 1))
                        .element(snippet)
                } else {
                    title().element(snippet.path(path))
                }
            }
            None => Group::with_title(title()),
        };
        if let Some(help) = &help {
            group = group.element(Level::HELP.message(help.as_str()));
        }
        out.push_str(&renderer.render(&[group]));
        out.push_str("\n\n");
    }
    out
}

/// Lines longer than this are shown as a window around the span: rendering a 200 kB line
/// once per diagnostic on it made the report quadratic.
const LONG_LINE: usize = 2048;
/// How much of a long line is shown on each side of the span, and of a long span.
const CONTEXT: usize = 80;

/// The text handed to the renderer for one diagnostic, made safe to print, and the span
/// within it.
struct Window {
    text: String,
    span: std::ops::Range<usize>,
    /// Whether the window starts or ends inside a line.
    cut: bool,
}

impl Window {
    fn around(text: &str, lines: std::ops::Range<usize>, span: std::ops::Range<usize>) -> Window {
        let clamp = |offset: usize| offset.clamp(lines.start, lines.end);
        let (mut start, mut end) = (lines.start, lines.end);
        let (span_start, mut span_end) = (clamp(span.start), clamp(span.end));
        let cut = end - start > LONG_LINE;
        if cut {
            span_end = span_end.min(forward(text, span_start, CONTEXT * 4).min(lines.end));
            start = back(text, span_start, CONTEXT).max(lines.start);
            end = forward(text, span_end, CONTEXT).min(lines.end);
        }
        let mut safe = String::with_capacity(end - start);
        let (mut new_start, mut new_end) = (None, None);
        let source = &text[start..end];
        for (offset, c) in source.char_indices() {
            if new_start.is_none() && start + offset >= span_start {
                new_start = Some(safe.len());
            }
            if new_end.is_none() && start + offset >= span_end {
                new_end = Some(safe.len());
            }
            safe.push(visible(c, &source[offset + c.len_utf8()..]));
        }
        let new_start = new_start.unwrap_or(safe.len());
        let new_end = new_end.unwrap_or(safe.len());
        Window {
            text: safe,
            span: new_start..new_end.max(new_start),
            cut,
        }
    }
}

/// The byte offset `chars` characters before `offset`.
fn back(text: &str, offset: usize, chars: usize) -> usize {
    text[..offset]
        .char_indices()
        .rev()
        .nth(chars.saturating_sub(1))
        .map_or(0, |(i, _)| i)
}

/// The byte offset `chars` characters after `offset`.
fn forward(text: &str, offset: usize, chars: usize) -> usize {
    text[offset..]
        .char_indices()
        .nth(chars)
        .map_or(text.len(), |(i, _)| offset + i)
}

/// One character of a snippet as it may reach a terminal: line breaks and tabs stay, C0
/// controls become their control pictures (`␛`), and C1, bidi and zero-width characters
/// become U+FFFD, one character for one, so the caret stays under what it marks.
fn visible(c: char, rest: &str) -> char {
    match c {
        '\n' | '\t' => c,
        '\r' if rest.starts_with('\n') => c,
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}'),
        '\u{7f}' => '\u{2421}',
        _ if crate::text::is_deceptive(c) => '\u{FFFD}',
        _ => c,
    }
}

/// The closing line of a human report: `2 errors, 1 warning`.
pub fn tally(errors: usize, warnings: usize) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "{}, {}",
        plural(errors, "error"),
        plural(warnings, "warning")
    )
}

/// A diagnostic's file and its 1-based line and column; empty and zero for problems of
/// the whole load.
pub fn located(diagnostic: &Diagnostic, sources: &Sources) -> (String, usize, usize) {
    match diagnostic.span {
        Some(span) => {
            let file = sources.get(span.file);
            let position = file.position(span.start());
            (file.path.clone(), position.line + 1, position.column + 1)
        }
        None => (String::new(), 0, 0),
    }
}

/// GitHub Actions workflow commands: `::error file=F,line=L,col=C::message`.
pub fn github(diagnostics: &[Diagnostic], sources: &Sources) -> String {
    let escape_data = |s: &str| {
        s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    };
    let escape_property = |s: &str| escape_data(s).replace(':', "%3A").replace(',', "%2C");
    let mut out = String::new();
    for d in diagnostics {
        let (file, line, column) = located(d, sources);
        let command = match d.severity() {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut message = format!("{}: {}", d.code(), shown(&d.message()));
        if let Some(help) = d.help() {
            message.push_str(&format!(" (help: {})", shown(&help)));
        }
        let file = shown(&file).into_owned();
        if file.is_empty() {
            out.push_str(&format!("::{command}::{}\n", escape_data(&message)));
        } else {
            out.push_str(&format!(
                "::{command} file={},line={line},col={column}::{}\n",
                escape_property(&file),
                escape_data(&message)
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Kind;
    use crate::source::Span;

    fn sample() -> (Vec<Diagnostic>, Sources) {
        let mut sources = Sources::default();
        let text = "Flow(\n    start: \"strat\",\n)\n";
        let file = sources.add("trees/x.ron", text);
        let start = text.find("\"strat\"").unwrap();
        let kind = Kind::MissingStart {
            node: "strat".into(),
            flow: "x".into(),
            closest: Some("start".into()),
        };
        let diagnostic = Diagnostic::new(kind, Span::new(file, start..start + 7));
        (vec![diagnostic], sources)
    }

    #[test]
    fn human_output_reads_like_rustc() {
        let (diagnostics, sources) = sample();
        let text = human(&diagnostics, &sources, false);
        assert!(
            text.starts_with("error[E0008]: `start` names no node \"strat\""),
            "{text}"
        );
        assert!(text.contains("--> trees/x.ron:2:12"), "{text}");
        assert!(text.contains("2 |     start: \"strat\","), "{text}");
        assert!(
            text.contains("^^^^^^^ no node `strat` in flow `x`"),
            "{text}"
        );
        assert!(text.contains("help: did you mean \"start\"?"), "{text}");
    }

    #[test]
    fn locations_and_github_carry_one_based_positions() {
        let (diagnostics, sources) = sample();
        assert_eq!(
            located(&diagnostics[0], &sources),
            ("trees/x.ron".to_string(), 2, 12)
        );
        let annotations = github(&diagnostics, &sources);
        assert!(
            annotations.starts_with("::error file=trees/x.ron,line=2,col=12::E0008: "),
            "{annotations}"
        );
    }

    /// Nothing from a tree file reaches the terminal raw: not the snippet (C0 and C1
    /// controls, bidi controls), not the ids in the message, not the path.
    #[test]
    fn human_output_holds_no_control_or_bidi_character() {
        let mut sources = Sources::default();
        let text = "Flow(\n    start: \"a\u{85}b\u{9b}31m\u{9d}c\u{1b}[2J\u{202e}d\",\n)\n";
        let file = sources.add("trees/x\u{1b}]0;t\u{7}.ron", text);
        let start = text.find("\"a").unwrap();
        let end = text.find("d\"").unwrap() + 2;
        let kind = Kind::MissingStart {
            node: "a\u{85}b\u{9b}31m\u{1b}[2J".into(),
            flow: "x\u{202e}".into(),
            closest: Some("\u{9d}start".into()),
        };
        let diagnostics = vec![Diagnostic::new(kind, Span::new(file, start..end))];
        for rendered in [
            human(&diagnostics, &sources, false),
            github(&diagnostics, &sources),
        ] {
            let bad: Vec<char> = rendered
                .chars()
                .filter(|c| crate::text::is_deceptive(*c) && *c != '\n')
                .collect();
            assert!(bad.is_empty(), "{bad:?} in {rendered}");
        }
        let rendered = human(&diagnostics, &sources, false);
        // The caret still sits under the whole reference: one mark per character.
        assert!(
            rendered.contains("--> trees/x\\u{1b}]0;t\\u{7}.ron:2:12"),
            "{rendered}"
        );
        let caret = rendered.lines().find(|l| l.contains('^')).unwrap();
        assert_eq!(
            caret.matches('^').count(),
            text[start..end].chars().count(),
            "{rendered}"
        );
    }

    /// A long line is shown as a window around the span, with the place it has in the
    /// whole line.
    #[test]
    fn a_long_line_is_shown_around_the_span() {
        let mut sources = Sources::default();
        let text = format!("{}\"strat\"{}\n", "x".repeat(5000), "y".repeat(5000));
        let file = sources.add("trees/x.ron", text.as_str());
        let start = text.find("\"strat\"").unwrap();
        let kind = Kind::MissingStart {
            node: "strat".into(),
            flow: "x".into(),
            closest: None,
        };
        let diagnostics = vec![Diagnostic::new(kind, Span::new(file, start..start + 7))];
        let rendered = human(&diagnostics, &sources, false);
        assert!(rendered.contains(" --> trees/x.ron:1:5001\n"), "{rendered}");
        assert!(rendered.len() < 1000, "{rendered}");
        assert!(
            rendered.contains("^^^^^^^ no node `strat` in flow `x`"),
            "{rendered}"
        );
    }
}
