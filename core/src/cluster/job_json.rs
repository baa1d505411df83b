//! JSON jobspecs: `nomad job run -output` and `nomad job inspect` (`{"Job": {...}}`), and the
//! bare job of `/v1/jobs/parse`, `/v1/job/:id` or `nomad job inspect -json`, turned into the same tree an HCL jobspec gives, so
//! that one decoder ([`crate::jobspec::parse`]) reads both and every check applies alike.
//!
//! | JSON | HCL tree |
//! | --- | --- |
//! | `ID` (or `Name`), `Type`, `Meta` | `job "<ID>" { type, meta }` |
//! | `TaskGroups[]` `{Name, Count, Networks, Services, Tasks, Meta}` | `group "<Name>" { count, network, service, task, meta }` |
//! | `Networks[]` `{Mode, Hostname, MBits, ReservedPorts[], DynamicPorts[]}` | `network { mode, hostname, mbits, port "<Label>" { static, to, host_network, ignore_collision } }` |
//! | `Services[]` `{Name, PortLabel, AddressMode, Provider}` | `service { name, port, address_mode, provider }` |
//! | `Tasks[]` `{Name, Driver, Config, Env, Meta, Services, Resources}` | `task "<Name>" { driver, config, env, meta, service, resources }` |
//! | `Resources` `{CPU, MemoryMB, DiskMB, IOPS, Networks[0]}` | `resources { cpu, memory, disk, iops, network }` |
//! | `Constraints[]` `{LTarget, RTarget, Operand}` (job, group, task) | `constraint { attribute, value, operator }` |
//!
//! `Config` is copied as it is; a list of objects there (docker's `port_map` arrives as
//! `[{"http": 8080}]`) becomes one block per object, as HCL writes them. Spans point into the
//! JSON, so every diagnostic lands at the JSON's line and column. Fields netplay does not
//! model are skipped.

use crate::cluster::json::{Cursor, Kind, Read, Stop};
use crate::source::Span;
use crate::syntax::{Body, Item, Key, Number, Value, ValueKind};

/// Reads a JSON jobspec into a tree holding one `job` block.
pub fn read_job(c: &mut Cursor<'_, '_>) -> Result<Body, Stop> {
    let start = c.span_of_next();
    let mut items = Vec::new();
    let mut wrapped = None;
    // Either `{"Job": {...}}` or the job itself: read the keys once, keep both readings.
    let mut bare = JobFields::default();
    c.object(|c, key, span| {
        if key == "Job" && c.kind()? == Kind::Object {
            wrapped = job(c, span)?;
            Ok(())
        } else {
            bare.field(c, key, span)
        }
    })?;
    c.finish()?;
    let end = c.end();
    if let Some(item) = wrapped.or_else(|| bare.into_item(Span::new(start, start + 1))) {
        items.push(item);
    }
    Ok(Body { items, span: Span::new(start, end) })
}

fn key(text: &str, span: Span) -> Key {
    Key { text: text.to_string(), quoted: true, span }
}

fn attr(name: &str, key_span: Span, value: Value) -> Item {
    let span = key_span.join(value.span);
    Item { keys: vec![key(name, key_span)], value, assign: true, span }
}

fn block(keys: Vec<Key>, body: Body) -> Item {
    let span = keys.first().map_or(body.span, |k| k.span.join(body.span));
    Item { keys, value: Value { kind: ValueKind::Object(body.clone()), span: body.span }, assign: false, span }
}

/// A scalar JSON value as a tree value (strings with `${` stay templates, as in HCL).
fn scalar(c: &mut Cursor<'_, '_>) -> Read<Value> {
    Ok(match c.kind()? {
        Kind::String => c.string()?.map(|(s, span)| Value { kind: string_kind(s), span }),
        Kind::Number => c.number_text()?.map(|(text, span)| Value { kind: ValueKind::Number(number(text)), span }),
        Kind::Bool => c.bool()?.map(|(b, span)| Value { kind: ValueKind::Bool(b), span }),
        Kind::Null => {
            c.skip()?;
            None
        }
        Kind::Array | Kind::Object => generic(c)?,
    })
}

fn string_kind(s: String) -> ValueKind {
    if s.contains("${") || s.contains("%{") { ValueKind::Template(s) } else { ValueKind::String(s) }
}

fn number(text: &str) -> Number {
    match text.parse::<i64>() {
        Ok(n) => Number::Int(n),
        Err(_) => Number::Float(text.parse::<f64>().unwrap_or(f64::NAN)),
    }
}

/// Any JSON value as a tree value; an object's lists of objects become repeated blocks.
pub(crate) fn generic(c: &mut Cursor<'_, '_>) -> Read<Value> {
    match c.kind()? {
        Kind::Object => {
            let mut items = Vec::new();
            let span = c.object(|c, name, key_span| {
                if c.kind()? == Kind::Array {
                    let mut blocks = Vec::new();
                    let mut values = Vec::new();
                    let span = c.array(|c, _| {
                        if c.kind()? == Kind::Object {
                            if let Some(v) = generic(c)? {
                                blocks.push(v);
                            }
                        } else if let Some(v) = scalar(c)? {
                            values.push(v);
                        }
                        Ok(())
                    })?;
                    if !blocks.is_empty() && values.is_empty() {
                        for v in blocks {
                            items.push(Item {
                                keys: vec![key(name, key_span)],
                                span: key_span.join(v.span),
                                value: v,
                                assign: false,
                            });
                        }
                    } else if let Some(span) = span {
                        values.extend(blocks);
                        items.push(attr(name, key_span, Value { kind: ValueKind::List(values), span }));
                    }
                } else if let Some(v) = scalar(c)? {
                    let assign = !matches!(v.kind, ValueKind::Object(_));
                    items.push(Item { keys: vec![key(name, key_span)], span: key_span.join(v.span), value: v, assign });
                }
                Ok(())
            })?;
            Ok(span.map(|span| Value { kind: ValueKind::Object(Body { items, span }), span }))
        }
        Kind::Array => {
            let mut values = Vec::new();
            let span = c.array(|c, _| {
                if let Some(v) = scalar(c)? {
                    values.push(v);
                }
                Ok(())
            })?;
            Ok(span.map(|span| Value { kind: ValueKind::List(values), span }))
        }
        _ => scalar(c),
    }
}

/// A string map (`Meta`, `Env`) as a block of quoted attributes.
fn map_block(c: &mut Cursor<'_, '_>, name: &str, key_span: Span) -> Read<Item> {
    let mut items = Vec::new();
    let span = c.object(|c, k, k_span| {
        if let Some(v) = scalar(c)? {
            items.push(attr(k, k_span, v));
        }
        Ok(())
    })?;
    Ok(span.map(|span| block(vec![key(name, key_span)], Body { items, span })))
}

/// The fields of a job object, gathered in any order.
#[derive(Default)]
struct JobFields {
    label: Option<(String, Span)>,
    name: Option<(String, Span)>,
    items: Vec<Item>,
}

impl JobFields {
    fn field(&mut self, c: &mut Cursor<'_, '_>, name: &str, span: Span) -> Result<(), Stop> {
        match name {
            "ID" => self.label = c.string()?,
            "Name" => self.name = c.string()?,
            "Type" => push_attr(c, &mut self.items, "type", span)?,
            "Meta" => self.items.extend(map_block(c, "meta", span)?),
            "Constraints" => constraints(c, &mut self.items, span)?,
            "TaskGroups" => {
                c.array(|c, _| {
                    self.items.extend(group(c)?);
                    Ok(())
                })?;
            }
            _ => c.skip()?,
        }
        Ok(())
    }

    fn into_item(self, head: Span) -> Option<Item> {
        let (label, label_span) = self.label.filter(|l| !l.0.is_empty()).or(self.name)?;
        let span = head.join(label_span);
        Some(block(vec![key("job", head), key(&label, label_span)], Body { items: self.items, span }))
    }
}

fn job(c: &mut Cursor<'_, '_>, key_span: Span) -> Read<Item> {
    let mut fields = JobFields::default();
    let span = c.object(|c, name, span| fields.field(c, name, span))?;
    let Some(span) = span else { return Ok(None) };
    if fields.label.is_none() && fields.name.is_none() {
        c.missing(Span::new(span.start, span.start + 1), "ID", "a job needs its `ID`");
        return Ok(None);
    }
    let mut item = fields.into_item(key_span);
    if let Some(item) = &mut item {
        if let ValueKind::Object(body) = &mut item.value.kind {
            body.span = span;
        }
        item.value.span = span;
    }
    Ok(item)
}

fn push_attr(c: &mut Cursor<'_, '_>, items: &mut Vec<Item>, name: &str, key_span: Span) -> Result<(), Stop> {
    if let Some(v) = scalar(c)? {
        items.push(attr(name, key_span, v));
    }
    Ok(())
}

/// One object of a list whose `Name` becomes the block label (`group`, `task`).
fn labelled(
    c: &mut Cursor<'_, '_>,
    kind: &str,
    mut field: impl FnMut(&mut Cursor<'_, '_>, &str, Span, &mut Vec<Item>) -> Result<(), Stop>,
) -> Read<Item> {
    let mut label: Option<(String, Span)> = None;
    let mut items = Vec::new();
    let span = c.object(|c, name, span| {
        if name == "Name" {
            label = c.string()?;
            Ok(())
        } else {
            field(c, name, span, &mut items)
        }
    })?;
    let Some(span) = span else { return Ok(None) };
    let head = Span::new(span.start, span.start + 1);
    let Some((label, label_span)) = label else {
        c.missing(head, "Name", &format!("a {kind} needs its `Name`"));
        return Ok(None);
    };
    Ok(Some(block(vec![key(kind, head), key(&label, label_span)], Body { items, span })))
}

fn group(c: &mut Cursor<'_, '_>) -> Read<Item> {
    labelled(c, "group", |c, name, span, items| {
        match name {
            "Count" => push_attr(c, items, "count", span)?,
            "Constraints" => constraints(c, items, span)?,
            "Meta" => items.extend(map_block(c, "meta", span)?),
            "Networks" => networks(c, items, span, false)?,
            "Services" => services(c, items)?,
            "Tasks" => {
                c.array(|c, _| {
                    items.extend(task(c)?);
                    Ok(())
                })?;
            }
            _ => c.skip()?,
        }
        Ok(())
    })
}

fn task(c: &mut Cursor<'_, '_>) -> Read<Item> {
    labelled(c, "task", |c, name, span, items| {
        match name {
            "Driver" => push_attr(c, items, "driver", span)?,
            "Constraints" => constraints(c, items, span)?,
            "Config" => {
                if let Some(v) = generic(c)? {
                    items.push(block(
                        vec![key("config", span)],
                        match v.kind {
                            ValueKind::Object(body) => body,
                            _ => Body { items: Vec::new(), span: v.span },
                        },
                    ));
                }
            }
            "Env" => items.extend(map_block(c, "env", span)?),
            "Meta" => items.extend(map_block(c, "meta", span)?),
            "Services" => services(c, items)?,
            "Resources" => {
                let mut res = Vec::new();
                let body_span = c.object(|c, name, span| {
                    match name {
                        "CPU" => push_attr(c, &mut res, "cpu", span)?,
                        "MemoryMB" => push_attr(c, &mut res, "memory", span)?,
                        "DiskMB" => push_attr(c, &mut res, "disk", span)?,
                        "IOPS" => push_attr(c, &mut res, "iops", span)?,
                        "Networks" => networks(c, &mut res, span, true)?,
                        _ => c.skip()?,
                    }
                    Ok(())
                })?;
                if let Some(body_span) = body_span {
                    items.push(block(vec![key("resources", span)], Body { items: res, span: body_span }));
                }
            }
            _ => c.skip()?,
        }
        Ok(())
    })
}

/// `Networks[]` as `network` blocks (a task's: the first only, as Nomad reads it).
fn networks(c: &mut Cursor<'_, '_>, items: &mut Vec<Item>, key_span: Span, first_only: bool) -> Result<(), Stop> {
    c.array(|c, i| {
        if first_only && i > 0 {
            return c.skip();
        }
        let mut net = Vec::new();
        let span = c.object(|c, name, span| {
            match name {
                "Mode" => push_nonempty(c, &mut net, "mode", span)?,
                "Hostname" => push_nonempty(c, &mut net, "hostname", span)?,
                "MBits" => push_attr(c, &mut net, "mbits", span)?,
                "ReservedPorts" => ports(c, &mut net, true)?,
                "DynamicPorts" => ports(c, &mut net, false)?,
                _ => c.skip()?,
            }
            Ok(())
        })?;
        if let Some(span) = span {
            items.push(block(vec![key("network", key_span)], Body { items: net, span }));
        }
        Ok(())
    })?;
    Ok(())
}

/// A string attribute, left out when empty (Nomad writes `""` for unset fields).
fn push_nonempty(c: &mut Cursor<'_, '_>, items: &mut Vec<Item>, name: &str, key_span: Span) -> Result<(), Stop> {
    if let Some((s, span)) = c.string()?.filter(|s| !s.0.is_empty()) {
        items.push(attr(name, key_span, Value { kind: string_kind(s), span }));
    }
    Ok(())
}

/// `ReservedPorts[]` / `DynamicPorts[]` as `port "<Label>" { ... }` blocks.
fn ports(c: &mut Cursor<'_, '_>, items: &mut Vec<Item>, statics: bool) -> Result<(), Stop> {
    c.array(|c, _| {
        let mut label = None;
        let mut fields = Vec::new();
        let span = c.object(|c, name, span| {
            match name {
                "Label" => label = c.string()?,
                "Value" if statics => push_attr(c, &mut fields, "static", span)?,
                "To" => match c.int()? {
                    Some((n, v_span)) if n != 0 => {
                        fields.push(attr("to", span, Value { kind: ValueKind::Number(Number::Int(n)), span: v_span }))
                    }
                    _ => {}
                },
                "HostNetwork" => push_nonempty(c, &mut fields, "host_network", span)?,
                "IgnoreCollision" => {
                    if let Some((true, v_span)) = c.bool()? {
                        fields.push(attr(
                            "ignore_collision",
                            span,
                            Value { kind: ValueKind::Bool(true), span: v_span },
                        ));
                    }
                }
                _ => c.skip()?,
            }
            Ok(())
        })?;
        let Some(span) = span else { return Ok(()) };
        let Some((label, label_span)) = label else {
            c.missing(Span::new(span.start, span.start + 1), "Label", "a port needs its `Label`");
            return Ok(());
        };
        items.push(block(vec![key("port", label_span), key(&label, label_span)], Body { items: fields, span }));
        Ok(())
    })?;
    Ok(())
}

/// `Constraints[]` `{LTarget, RTarget, Operand}` as `constraint { attribute, value, operator }`.
fn constraints(c: &mut Cursor<'_, '_>, items: &mut Vec<Item>, key_span: Span) -> Result<(), Stop> {
    c.array(|c, _| {
        let mut fields = Vec::new();
        let span = c.object(|c, name, span| {
            match name {
                "LTarget" => push_nonempty(c, &mut fields, "attribute", span)?,
                "RTarget" => push_nonempty(c, &mut fields, "value", span)?,
                "Operand" => push_nonempty(c, &mut fields, "operator", span)?,
                _ => c.skip()?,
            }
            Ok(())
        })?;
        if let Some(span) = span {
            items.push(block(vec![key("constraint", key_span)], Body { items: fields, span }));
        }
        Ok(())
    })?;
    Ok(())
}

fn services(c: &mut Cursor<'_, '_>, items: &mut Vec<Item>) -> Result<(), Stop> {
    c.array(|c, _| {
        let mut fields = Vec::new();
        let mut head = None;
        let span = c.object(|c, name, span| {
            head = head.or(Some(span));
            match name {
                "Name" => push_nonempty(c, &mut fields, "name", span)?,
                "PortLabel" => push_nonempty(c, &mut fields, "port", span)?,
                "AddressMode" => push_nonempty(c, &mut fields, "address_mode", span)?,
                "Provider" => push_nonempty(c, &mut fields, "provider", span)?,
                _ => c.skip()?,
            }
            Ok(())
        })?;
        if let Some(span) = span {
            let at = Span::new(span.start, span.start + 1);
            items.push(block(vec![key("service", at)], Body { items: fields, span }));
        }
        Ok(())
    })?;
    Ok(())
}
