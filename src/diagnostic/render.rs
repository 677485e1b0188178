//! Diagnostics rendered for people (rustc-style), for tools (JSON) and for GitHub Actions.

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use crate::diagnostic::{Diagnostic, Severity};
use crate::source::Sources;

/// rustc-style text: `error[E0009]: ...`, `--> file:line:col`, the line with a caret, `help:`.
pub fn human(diagnostics: &[Diagnostic], sources: &Sources, color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for diagnostic in diagnostics {
        let (message, label, help) = (diagnostic.message(), diagnostic.label(), diagnostic.help());
        let level = match diagnostic.severity() {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let mut group: Group = match diagnostic.span {
            Some(span) => {
                let file = sources.get(span.file);
                let end = span.end.max(span.start);
                // Only the lines the span covers go to the renderer: handing it the whole
                // file for every diagnostic made large trees quadratic.
                let first = file.position(span.start).line;
                let last = file.position(end).line;
                let lines = file.line_range(first).start..file.line_range(last).end;
                let shift = |offset: usize| offset.clamp(lines.start, lines.end) - lines.start;
                let mut annotation = AnnotationKind::Primary.span(shift(span.start)..shift(end));
                if let Some(label) = &label {
                    annotation = annotation.label(label.as_str());
                }
                level
                    .primary_title(message.as_str())
                    .id(diagnostic.code().as_str())
                    .element(
                        Snippet::source(&file.text[lines.clone()])
                            .line_start(first + 1)
                            .path(file.path.as_str())
                            .annotation(annotation),
                    )
            }
            None => Group::with_title(
                level
                    .primary_title(message.as_str())
                    .id(diagnostic.code().as_str()),
            ),
        };
        if let Some(help) = &help {
            group = group.element(Level::HELP.message(help.as_str()));
        }
        out.push_str(&renderer.render(&[group]));
        out.push_str("\n\n");
    }
    out
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
            let position = file.position(span.start);
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
        let mut message = format!("{}: {}", d.code(), d.message());
        if let Some(help) = d.help() {
            message.push_str(&format!(" (help: {help})"));
        }
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
}
