//! The guide's page layout: a header, the page index, the page, links to the previous and next
//! pages, and the embed script (`../api/embed.js`). Paths are relative, so the site works
//! under any base path.

use pulldown_cmark_escape::{escape_html, escape_html_body_text};

use crate::guide::Page;

/// Files written beside the pages.
pub const ASSETS: &[(&str, &str)] = &[("guide.css", include_str!("../assets/guide.css"))];

fn esc(s: &str) -> String {
    let mut out = String::new();
    let _ = escape_html(&mut out, s);
    out
}

/// A shared inventory of a page (`netplay-nodes id=...`), which examples name with `nodes=`.
pub fn inventory(id: &str, text: &str) -> String {
    let mut body = String::new();
    let _ = escape_html_body_text(&mut body, text);
    format!(
        "<figure class=\"netplay-inventory-figure\"><figcaption>Inventory <code>{id}</code>, shared by the examples below</figcaption>\n<div class=\"netplay-inventory\" id=\"{id}\"><pre><code>{body}</code></pre></div></figure>\n",
        id = esc(id)
    )
}

/// A challenge's solution, folded: the line edits that reach it.
pub fn solution(edits: &str) -> String {
    let mut body = String::new();
    let _ = escape_html_body_text(&mut body, edits);
    format!(
        "<details class=\"np-solution\"><summary>Show a solution</summary>\n<pre><code>{body}</code></pre></details>\n"
    )
}

fn href(page: &Page) -> String {
    format!("{}.html", page.slug).replace("index.html", "./")
}

/// The full HTML of page `index` of `pages`, around its rendered `body`.
pub fn page(pages: &[Page], index: usize, body: &str) -> String {
    let page = &pages[index];
    let nav: String = pages
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let current = if i == index { " aria-current=\"page\"" } else { "" };
            format!("<li><a href=\"{}\"{current}>{}</a></li>\n", href(p), esc(&p.title))
        })
        .collect();
    let link = |i: Option<usize>, rel: &str, word: &str| {
        i.and_then(|i| pages.get(i))
            .map_or(String::new(), |p| format!("<a rel=\"{rel}\" href=\"{}\">{word}: {}</a>", href(p), esc(&p.title)))
    };
    let pager = format!(
        "<nav class=\"pager\" aria-label=\"Previous and next page\">{}{}</nav>",
        link(index.checked_sub(1), "prev", "Previous"),
        link(Some(index + 1), "next", "Next")
    );
    let listing = if page.slug == "index" {
        let items: String = pages
            .iter()
            .skip(1)
            .map(|p| format!("<li><a href=\"{}\">{}</a><p>{}</p></li>\n", href(p), esc(&p.title), esc(&p.summary)))
            .collect();
        format!("<h2 id=\"pages\">The pages</h2>\n<ol class=\"page-index\">\n{items}</ol>\n")
    } else {
        String::new()
    };
    format!(
        r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>{title} · netplay networking guide</title>
<meta name="description" content="{summary}">
<link rel="icon" href="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E%3Crect width='16' height='16' rx='3' fill='%232453c9'/%3E%3C/svg%3E">
<link rel="stylesheet" href="guide.css">
<script>
  // The reader's theme choice (shared with the playground), before the first paint.
  try {{ var t = localStorage.getItem("netplay.theme"); if (t === "light" || t === "dark") document.documentElement.setAttribute("data-theme", t); }} catch (e) {{}}
</script>
</head>
<body>
<header class="site-head">
  <a class="brand" href="../">netplay</a>
  <a href="./">Networking guide</a>
  <button type="button" class="theme-toggle" id="theme-toggle" hidden>Dark / light</button>
</header>
<div class="layout">
<nav class="toc" aria-label="Guide pages">
<ol>
{nav}</ol>
</nav>
<main id="content">
{body}{listing}{pager}
</main>
</div>
<script>
  (function () {{
    var b = document.getElementById("theme-toggle");
    b.hidden = false;
    b.addEventListener("click", function () {{
      var root = document.documentElement;
      var dark = root.getAttribute("data-theme") ? root.getAttribute("data-theme") === "dark" : matchMedia("(prefers-color-scheme: dark)").matches;
      var next = dark ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try {{ localStorage.setItem("netplay.theme", next); }} catch (e) {{}}
    }});
  }})();
</script>
<script type="module" src="../api/embed.js"></script>
</body>
</html>
"#,
        title = esc(&page.title),
        summary = esc(&page.summary),
    )
}
