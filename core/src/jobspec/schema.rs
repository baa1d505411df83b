//! No silent typos: every attribute and block of a jobspec checked against Nomad's schema.
//!
//! Nomad 1.x decodes a jobspec with HCL2's `gohcl` into the Go structs of its `api` package,
//! so a key the structs do not name (`statc = 9002`, `drivr = "docker"`) makes `nomad job run`
//! refuse the file with HCL's "Unsupported argument" / "Unsupported block type". netplay used
//! to skip such keys and show a result for a job Nomad would never run; [`check`] reports them
//! with Nomad's words, at the key, with HCL's did-you-mean (the first known name in schema
//! order at a Levenshtein distance under 3) as help.
//!
//! The data lives in one place, [`table`]: a static per Go struct (Nomad v1.11.3, plus keys
//! earlier 1.x releases had), the task-config specs of the built-in drivers, and the much
//! smaller Nomad 0.2 schema. The table's own docs say where each part comes from.
//!
//! By version and dialect:
//!
//! - **Nomad 1.x, HCL2**: unknown names are errors. The form counts too, as in HCL2: a block
//!   written where an argument is expected, or an argument (`update = { ... }`) where a block
//!   is, is refused with HCL's text. `meta`/`env` may be either, as jobspec2 allows.
//!   Attribute-style blocks that [`super::compat`] already warns about (`config = { ... }`),
//!   and non-object values where the decoder reports a type mismatch, are left to those.
//!   `dynamic "<type>"` is accepted wherever `<type>` is, and its `content` is checked as a
//!   `<type>` block.
//! - **Nomad 1.x, a file read as HCL1** (the reader already warned that 1.9 and later refuse
//!   the file): names are checked, the form is not (HCL1 has no difference), and an unknown
//!   name is a warning with the HCL2 text. The HCL1 parser of 1.0–1.8 (`-hcl1`) had key lists
//!   of its own and refused most unknown keys, but not all (`volume` kept unknown keys, so
//!   0.10's `volume { config { source = ... } }` passed); netplay does not keep that second
//!   table.
//! - **Nomad 0.2**: Nomad did no key check at all; an unknown key is a warning saying 0.2
//!   drops it and later versions refuse it. Attribute names compare without case, as
//!   `mapstructure` matched them. A file that [`super::compat`] found to be written for a later
//!   Nomad is not checked: that one error already says to pick another version, and each of
//!   its newer keys would only repeat it. Driver configs are not checked under 0.2.
//! - **Driver `config`** (1.x, drivers `docker`, `exec`, `raw_exec`, `qemu`, `java`): names
//!   only, since Nomad turns nested blocks into attributes before the driver reads them. An
//!   unknown key is a warning: `nomad job run` accepts the job, and the driver refuses the task
//!   when it starts. Other drivers are not checked.
//! - Free-form maps (`meta`, `env`, artifact `options`/`headers`, check `header`, scaling
//!   `policy`, `locals`, `variables`, upstream and proxy `config`, ...) accept any key.
//!
//! Labels are checked only where a block takes none (`update "x" { ... }`); missing labels of
//! `job`, `group` and `task` are the decoder's business.

mod table;

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::source::{SourceId, Span};
use crate::syntax::{Body, Item, ValueKind};
use crate::version::NomadVersion;

const SRC: SourceId = SourceId::Jobspec;

/// HCL suggests a known name when it is fewer than this many edits away.
const SUGGESTION_DISTANCE: usize = 3;

/// Help lists the accepted names when there are at most this many.
const MAX_LISTED: usize = 10;

/// What one kind of block accepts in its body.
pub(crate) struct Schema {
    /// Attribute (argument) names, in Nomad's schema order.
    pub attrs: &'static [&'static str],
    /// Nested block types, in Nomad's schema order.
    pub blocks: &'static [Nested],
}

/// A nested block type.
pub(crate) struct Nested {
    /// The block type (`port`).
    pub name: &'static str,
    /// How many labels it takes (`port "http"`: 1).
    pub labels: u8,
    /// What its body accepts.
    pub inner: Inner,
    /// Also accepted as an attribute holding an object (`meta = { ... }`).
    pub attr_too: bool,
}

/// The body of a nested block.
pub(crate) enum Inner {
    /// Checked against this schema.
    Schema(&'static Schema),
    /// Any key (a free-form map).
    Open,
    /// A task's `config`: the schema of the task's driver, if netplay knows it.
    Driver,
}

/// A nested block that must be written as a block (in HCL2).
const fn block(name: &'static str, labels: u8, inner: Inner) -> Nested {
    Nested { name, labels, inner, attr_too: false }
}

/// A nested block that may also be written as `name = { ... }`.
const fn either(name: &'static str, labels: u8, inner: Inner) -> Nested {
    Nested { name, labels, inner, attr_too: true }
}

impl Schema {
    fn nested(&self, name: &str) -> Option<&Nested> {
        self.blocks.iter().find(|b| b.name == name)
    }

    fn block_names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.blocks.iter().map(|b| b.name)
    }

    fn all_names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.attrs.iter().copied().chain(self.block_names())
    }
}

/// Checks every attribute and block name of a jobspec against Nomad's schema for `version`
/// (see the module docs for what is reported how). Call it after [`super::compat::check`],
/// whose diagnostics it looks at to avoid saying the same thing twice.
pub fn check(body: &Body, version: NomadVersion, diags: &mut Diagnostics) {
    let (mode, top) = if !version.is_modern() {
        (Mode::Old, &table::TOP_0_2)
    } else if diags.as_slice().iter().any(|d| d.code == Code::Hcl1Syntax && d.message.starts_with("HCL1 syntax:")) {
        (Mode::Hcl1, &table::TOP)
    } else {
        (Mode::Hcl2, &table::TOP)
    };
    let mut walker = Walker { mode, found: Vec::new() };
    walker.body(body, top, "the top level");
    diags.extend(walker.found);
}

/// How names are checked and reported.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Nomad 1.x reading HCL2: errors, attributes and blocks told apart.
    Hcl2,
    /// Nomad 1.x, the file read as HCL1: warnings, names only.
    Hcl1,
    /// Nomad 0.2: warnings, names only.
    Old,
}

/// Attribute-style blocks that [`super::compat`] warns about under 1.x.
const COMPAT_REPORTED: &[&str] = super::compat::BLOCKS;

/// Blocks the decoder reads; it reports a non-object value for them itself.
const DECODED: &[&str] = &["job", "group", "task", "resources", "network", "service", "port", "config", "port_map"];

struct Walker {
    mode: Mode,
    found: Vec<Diagnostic>,
}

impl Walker {
    /// Checks the items of `body` against `schema`; `context` names the block for help texts.
    fn body(&mut self, body: &Body, schema: &Schema, context: &str) {
        for item in &body.items {
            let name = item.name();
            if name == "dynamic" && !item.assign && self.mode != Mode::Old {
                self.dynamic(item, body, schema, context);
                continue;
            }
            if self.mode != Mode::Hcl2 {
                if let Some(nested) = schema.nested(name) {
                    self.descend(item, nested, body);
                } else if !self.has_attr(schema, name) {
                    let as_argument = item.assign || item.body().is_none();
                    self.unknown(item.name_span(), name, as_argument, body, schema, context);
                }
                continue;
            }
            let nested = schema.nested(name);
            if item.assign {
                if schema.attrs.contains(&name) || nested.is_some_and(|n| n.attr_too) {
                    continue;
                }
                if let Some(nested) = nested {
                    let object = item.body().is_some();
                    let reported = if object { COMPAT_REPORTED.contains(&name) } else { DECODED.contains(&name) };
                    if !reported {
                        self.unknown(item.name_span(), name, true, body, schema, context);
                    }
                    self.descend(item, nested, body);
                    continue;
                }
                self.unknown(item.name_span(), name, true, body, schema, context);
            } else if let Some(nested) = nested {
                self.labels(item, nested);
                self.descend(item, nested, body);
            } else {
                self.unknown(item.name_span(), name, false, body, schema, context);
            }
        }
    }

    fn has_attr(&self, schema: &Schema, name: &str) -> bool {
        if self.mode == Mode::Old {
            schema.attrs.iter().any(|a| a.eq_ignore_ascii_case(name))
        } else {
            schema.attrs.contains(&name)
        }
    }

    /// Checks the inside of a known block.
    fn descend(&mut self, item: &Item, nested: &Nested, parent: &Body) {
        let Some(inner) = item.body() else { return };
        match nested.inner {
            Inner::Schema(schema) => self.body(inner, schema, &format!("`{}`", nested.name)),
            Inner::Open => {}
            Inner::Driver => {
                if self.mode != Mode::Old {
                    self.driver_config(inner, parent);
                }
            }
        }
    }

    /// `dynamic "<type>" { for_each = ..., content { ... } }`.
    fn dynamic(&mut self, item: &Item, parent: &Body, schema: &Schema, context: &str) {
        let Some(label) = item.labels().first() else { return };
        let target = schema.nested(&label.text);
        if target.is_none() {
            self.unknown(label.span, &label.text, false, parent, schema, context);
        }
        let Some(inner) = item.body() else { return };
        self.body(inner, &table::DYNAMIC, "`dynamic`");
        let Some(target) = target else { return };
        for content in inner.items_named("content").filter(|c| !c.assign) {
            self.descend(content, target, parent);
        }
    }

    /// A block that takes no labels but was given some.
    fn labels(&mut self, item: &Item, nested: &Nested) {
        if nested.labels != 0 {
            return;
        }
        let Some(first) = item.labels().first() else { return };
        let name = nested.name;
        self.found.push(
            Diagnostic::error(
                Code::UnsupportedBlock,
                SRC,
                first.span,
                format!("Extraneous label for {name}: No labels are expected for {name} blocks."),
            )
            .with_help(format!("write it as `{name} {{ ... }}`")),
        );
    }

    /// Reports a name `schema` does not know.
    fn unknown(&mut self, span: Span, name: &str, as_argument: bool, body: &Body, schema: &Schema, context: &str) {
        let help = match self.mode {
            Mode::Hcl2 if as_argument => {
                // HCL skips arguments the body already sets, then looks for a block of that name.
                let unset =
                    schema.attrs.iter().copied().filter(|a| !body.items.iter().any(|i| i.assign && i.name() == *a));
                suggest(name, unset).map(|s| format!("did you mean `{s}`?")).or_else(|| {
                    schema
                        .nested(name)
                        .map(|_| format!("did you mean to define a block of type `{name}`? If so, drop the `=`"))
                })
            }
            Mode::Hcl2 => suggest(name, schema.block_names()).map(|s| format!("did you mean `{s}`?")).or_else(|| {
                schema.attrs.contains(&name).then(|| {
                    format!("did you mean to define argument `{name}`? If so, use the equals sign to assign it a value")
                })
            }),
            Mode::Hcl1 | Mode::Old => suggest(name, schema.all_names()).map(|s| format!("did you mean `{s}`?")),
        }
        .or_else(|| accepted(schema, context));
        let code = if as_argument { Code::UnsupportedArgument } else { Code::UnsupportedBlock };
        let d = if self.mode == Mode::Old {
            Diagnostic::warning(
                code,
                SRC,
                span,
                format!("Nomad 0.2 ignores `{name}` in {context}; later Nomad versions reject it"),
            )
        } else if self.mode == Mode::Hcl1 {
            Diagnostic::warning(code, SRC, span, nomad_text(name, as_argument))
        } else {
            Diagnostic::error(code, SRC, span, nomad_text(name, as_argument))
        };
        self.found.push(match help {
            Some(help) => d.with_help(help),
            None => d,
        });
    }

    /// A task's `config`, against the schema of the task's driver.
    fn driver_config(&mut self, config: &Body, task: &Body) {
        let driver = task.last_named("driver").and_then(|d| match &d.value.kind {
            ValueKind::String(s) => Some(s.as_str()),
            _ => None,
        });
        let Some((driver, schema)) = driver.and_then(|d| table::DRIVERS.iter().find(|(name, _)| *name == d)) else {
            return;
        };
        self.driver_body(config, schema, driver);
    }

    fn driver_body(&mut self, body: &Body, schema: &Schema, driver: &str) {
        for item in &body.items {
            let name = item.name();
            if name == "dynamic" || schema.attrs.contains(&name) {
                continue;
            }
            let Some(nested) = schema.nested(name) else {
                let as_argument = item.assign || item.body().is_none();
                let mut d = Diagnostic::warning(
                    if as_argument { Code::UnsupportedArgument } else { Code::UnsupportedBlock },
                    SRC,
                    item.name_span(),
                    format!(
                        "Nomad accepts the job, but the {driver} driver refuses the task when it starts: {}",
                        detail(name, as_argument)
                    ),
                );
                if let Some(help) = suggest(name, schema.all_names())
                    .map(|s| format!("did you mean `{s}`?"))
                    .or_else(|| accepted(schema, &format!("{driver} `config`")))
                {
                    d = d.with_help(help);
                }
                self.found.push(d);
                continue;
            };
            let Inner::Schema(inner) = nested.inner else { continue };
            match &item.value.kind {
                ValueKind::Object(b) => self.driver_body(b, inner, driver),
                ValueKind::List(values) => {
                    for value in values {
                        if let ValueKind::Object(b) = &value.kind {
                            self.driver_body(b, inner, driver);
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

/// HCL's summary and detail for an unknown name, as Nomad prints them.
fn nomad_text(name: &str, as_argument: bool) -> String {
    let summary = if as_argument { "Unsupported argument" } else { "Unsupported block type" };
    format!("{summary}: {}", detail(name, as_argument))
}

fn detail(name: &str, as_argument: bool) -> String {
    if as_argument {
        format!("An argument named {name:?} is not expected here.")
    } else {
        format!("Blocks of type {name:?} are not expected here.")
    }
}

/// The first of `names` close to `given`, as HCL picks it.
fn suggest(given: &str, names: impl IntoIterator<Item = &'static str>) -> Option<&'static str> {
    names.into_iter().find(|n| strsim::levenshtein(given, n) < SUGGESTION_DISTANCE)
}

/// "`port` accepts ..." when the list is short enough to help.
fn accepted(schema: &Schema, context: &str) -> Option<String> {
    let names: Vec<String> = schema.all_names().map(|n| format!("`{n}`")).collect();
    if names.is_empty() {
        return Some(format!("{context} takes no arguments or blocks"));
    }
    if names.len() > MAX_LISTED {
        return Some(format!("check the spelling; Nomad's jobspec reference lists what {context} accepts"));
    }
    Some(format!("{context} accepts {}", names.join(", ")))
}

#[cfg(test)]
mod tests;
