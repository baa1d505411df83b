//! The guide: Markdown pages in, HTML pages with verified, pre-rendered examples out.
//!
//! Pages are `docs/guide/NN-slug.md` (the number orders them) plus `index.md`, the guide's
//! front page, which gets the page index appended. Each page starts with `# Title`; its first
//! paragraph is its summary in the index. Links to `slug.html` must name a page that exists.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::Problem;
use crate::example::Example;
use crate::template;

/// Counts of what was built.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Pages written (the index included).
    pub pages: usize,
    /// Examples verified and pre-rendered.
    pub examples: usize,
    /// Of those, examples with a challenge.
    pub challenges: usize,
    /// Challenges whose solution (a `netplay-solution` block) was checked.
    pub solutions: usize,
}

/// One source page.
#[derive(Debug, Clone)]
pub struct Page {
    /// Its file.
    pub path: PathBuf,
    /// `dynamic-ports` for `02-dynamic-ports.md`; `index` for the front page.
    pub slug: String,
    /// The `# Title`.
    pub title: String,
    /// Its first paragraph, as plain text.
    pub summary: String,
    /// The Markdown.
    pub source: String,
}

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_HEADING_ATTRIBUTES
}

fn line_of(source: &str, offset: usize) -> usize {
    source[..offset.min(source.len())].bytes().filter(|&b| b == b'\n').count() + 1
}

/// Reads every page of `dir`, the index first, then by file name.
pub fn pages(dir: &Path) -> Result<Vec<Page>, Vec<Problem>> {
    let problem = |path: &Path, message: String| vec![Problem { file: path.to_path_buf(), line: 0, message }];
    let mut paths: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(|e| problem(dir, format!("cannot read the guide's folder: {e}")))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    paths.sort_by_key(|p| (p.file_stem().is_none_or(|s| s != "index"), p.clone()));
    let mut out = Vec::new();
    for path in paths {
        let source = fs::read_to_string(&path).map_err(|e| problem(&path, format!("cannot read: {e}")))?;
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
        let slug = stem
            .split_once('-')
            .filter(|(n, _)| n.bytes().all(|b| b.is_ascii_digit()))
            .map_or(stem, |(_, s)| s)
            .to_string();
        // Titles are plain text in the page index and `<title>` (code spans lose their backticks).
        let title = source.lines().next().and_then(|l| l.strip_prefix("# ")).map(|t| t.trim().replace('`', ""));
        let Some(title) = title else {
            return Err(problem(&path, "a guide page starts with a `# Title` line".to_string()));
        };
        let summary = source
            .split("\n\n")
            .skip(1)
            .map(str::trim)
            .find(|p| p.chars().next().is_some_and(char::is_alphabetic))
            .unwrap_or_default()
            .replace('\n', " ")
            .replace(['`', '*'], "");
        out.push(Page { path, slug, title, summary, source });
    }
    Ok(out)
}

/// The page's shared inventories (`netplay-nodes id=...` blocks), by id.
fn inventories(page: &Page) -> HashMap<String, String> {
    let mut shared = HashMap::new();
    let mut current: Option<(String, String)> = None;
    for event in Parser::new_ext(&page.source, options()) {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                if let Some(rest) = info.strip_prefix("netplay-nodes") {
                    let id = crate::example::attributes(rest)
                        .ok()
                        .and_then(|a| a.into_iter().find(|(k, _)| k == "id").map(|(_, v)| v));
                    current = id.map(|id| (id, String::new()));
                }
            }
            Event::Text(t) => {
                if let Some((_, text)) = &mut current {
                    text.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((id, text)) = current.take() {
                    shared.insert(id, text);
                }
            }
            _ => {}
        }
    }
    shared
}

/// The page's body as HTML, with every example verified and pre-rendered.
fn render(page: &Page, slugs: &[&str], summary: &mut Summary) -> Result<String, Vec<Problem>> {
    let shared = inventories(page);
    let mut problems = Vec::new();
    let mut events = Vec::new();
    let mut block: Option<(usize, String, String)> = None;
    let mut count = 0;
    // The last example, which a `netplay-solution` block right after it solves.
    let mut last: Option<Example> = None;
    for (event, range) in Parser::new_ext(&page.source, options()).into_offset_iter() {
        let line = line_of(&page.source, range.start);
        let problem = |message: String| Problem { file: page.path.clone(), line, message };
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
                if info
                    .split_whitespace()
                    .next()
                    .is_some_and(|w| w == "netplay" || w == "netplay-nodes" || w == "netplay-solution") =>
            {
                block = Some((line, info.to_string(), String::new()));
            }
            Event::Text(t) if block.is_some() => {
                if let Some((_, _, body)) = &mut block {
                    body.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) if block.is_some() => {
                let Some((line, info, body)) = block.take() else { continue };
                let problem = |message: String| Problem { file: page.path.clone(), line, message };
                if info.starts_with("netplay-solution") {
                    match last.take().map(|example| example.check_solution(&shared, &body)) {
                        Some(Ok(())) => {
                            summary.solutions += 1;
                            events.push(Event::Html(CowStr::from(template::solution(&body))));
                        }
                        Some(Err(e)) => problems.push(problem(e)),
                        None => problems.push(problem("a `netplay-solution` block must follow an example".to_string())),
                    }
                    continue;
                }
                if let Some(rest) = info.strip_prefix("netplay-nodes") {
                    let id = crate::example::attributes(rest)
                        .ok()
                        .and_then(|a| a.into_iter().find(|(k, _)| k == "id").map(|(_, v)| v));
                    let Some(id) = id else {
                        problems.push(problem("a `netplay-nodes` block needs `id=<name>`".to_string()));
                        continue;
                    };
                    events.push(Event::Html(CowStr::from(template::inventory(&id, &body))));
                    continue;
                }
                let example = match Example::new(line, info.trim_start_matches("netplay"), &body) {
                    Ok(example) => example,
                    Err(e) => {
                        problems.push(problem(e));
                        continue;
                    }
                };
                match example.check(&shared) {
                    Ok(checked) => {
                        count += 1;
                        summary.examples += 1;
                        summary.challenges += usize::from(checked.settings.challenge.is_some());
                        let id = format!("{}-{count}", page.slug);
                        events.push(Event::Html(CowStr::from(example.html(&id, &checked))));
                        last = Some(example);
                    }
                    Err(found) => problems.extend(found.into_iter().map(problem)),
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                let target = dest_url.split('#').next().unwrap_or_default();
                let local = !target.contains(':') && !target.starts_with('/') && target.ends_with(".html");
                if local && !slugs.contains(&target.trim_end_matches(".html")) {
                    problems.push(problem(format!("the link `{dest_url}` names no guide page")));
                }
                events.push(Event::Start(Tag::Link {
                    link_type: pulldown_cmark::LinkType::Inline,
                    dest_url,
                    title: CowStr::from(""),
                    id: CowStr::from(""),
                }));
            }
            Event::Start(Tag::Heading { level: HeadingLevel::H1, .. }) if events.is_empty() => {
                events.push(event);
            }
            other => events.push(other),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    Ok(html)
}

/// The hand-written HTML pages of `dir` (copied as they are), by file name.
fn handwritten(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = fs::read_dir(dir)
        .map(|d| {
            d.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == "html")).collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

/// Builds every page of `dir` into `out`. Nothing is written when any example fails.
pub fn build(dir: &Path, out: &Path) -> Result<Summary, Vec<Problem>> {
    let pages = pages(dir)?;
    let copied = handwritten(dir);
    let mut slugs: Vec<&str> = pages.iter().map(|p| p.slug.as_str()).collect();
    slugs.extend(copied.iter().filter_map(|p| p.file_stem()?.to_str()));
    let mut summary = Summary::default();
    let mut problems = Vec::new();
    let mut rendered = Vec::new();
    for page in &pages {
        match render(page, &slugs, &mut summary) {
            Ok(body) => rendered.push(body),
            Err(found) => problems.extend(found),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let io =
        |path: &Path, e: std::io::Error| vec![Problem { file: path.to_path_buf(), line: 0, message: e.to_string() }];
    fs::create_dir_all(out).map_err(|e| io(out, e))?;
    for (i, (page, body)) in pages.iter().zip(rendered).enumerate() {
        let html = template::page(&pages, i, &body);
        let path = out.join(format!("{}.html", page.slug));
        fs::write(&path, html).map_err(|e| io(&path, e))?;
        summary.pages += 1;
    }
    for path in &copied {
        let target = out.join(path.file_name().unwrap_or_default());
        fs::copy(path, &target).map_err(|e| io(&target, e))?;
    }
    for (name, content) in template::ASSETS {
        let path = out.join(name);
        fs::write(&path, content).map_err(|e| io(&path, e))?;
    }
    Ok(summary)
}
