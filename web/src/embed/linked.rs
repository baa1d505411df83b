//! Linked examples: one inventory on a page shared by several examples (`data-nodes="<id>"`).
//!
//! The page's element with that id holds the inventory's text. When it is a `<div
//! class="netplay-inventory">` (the guide's `netplay-nodes` blocks), the embed script makes it
//! an editor too ([`super::mount_inventory`]); every example linked to it then follows its
//! edits. The registry below lives as long as the page: all embeds run in one module instance.

use std::cell::RefCell;
use std::collections::HashMap;

use yew::Callback;

#[derive(Default)]
struct Entry {
    text: String,
    next: u32,
    listeners: Vec<(u32, Callback<String>)>,
}

thread_local! {
    static SHARED: RefCell<HashMap<String, Entry>> = RefCell::new(HashMap::new());
}

/// The current text of inventory `id`: as last edited, else `read()` (the element's text),
/// which is then remembered. `None` when neither has one.
pub fn text(id: &str, read: impl FnOnce() -> Option<String>) -> Option<String> {
    if let Some(text) = SHARED.with(|s| s.borrow().get(id).map(|e| e.text.clone())) {
        return Some(text);
    }
    let text = read()?;
    SHARED.with(|s| s.borrow_mut().entry(id.to_string()).or_default().text = text.clone());
    Some(text)
}

/// Calls `listener` with every new text of inventory `id` until the returned guard is dropped.
pub fn subscribe(id: &str, listener: Callback<String>) -> Subscription {
    let key = SHARED.with(|s| {
        let mut s = s.borrow_mut();
        let entry = s.entry(id.to_string()).or_default();
        entry.next += 1;
        entry.listeners.push((entry.next, listener));
        entry.next
    });
    Subscription { id: id.to_string(), key }
}

/// Sets inventory `id`'s text and tells every linked example.
pub fn publish(id: &str, text: &str) {
    let listeners: Vec<Callback<String>> = SHARED.with(|s| {
        let mut s = s.borrow_mut();
        let entry = s.entry(id.to_string()).or_default();
        entry.text = text.to_string();
        entry.listeners.iter().map(|(_, l)| l.clone()).collect()
    });
    // Outside the borrow: a listener may read the registry.
    for listener in listeners {
        listener.emit(text.to_string());
    }
}

/// Keeps a listener registered; dropping it unregisters.
pub struct Subscription {
    id: String,
    key: u32,
}

impl Drop for Subscription {
    fn drop(&mut self) {
        SHARED.with(|s| {
            if let Some(entry) = s.borrow_mut().get_mut(&self.id) {
                entry.listeners.retain(|(k, _)| *k != self.key);
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use super::*;

    #[test]
    fn linked_examples_follow_the_shared_text_until_they_unsubscribe() {
        assert_eq!(text("inv", || Some("a".into())), Some("a".into()));
        assert_eq!(text("inv", || Some("ignored".into())), Some("a".into()), "the first text is kept");
        assert_eq!(text("nowhere", || None), None);
        let seen = Rc::new(RefCell::new(Vec::new()));
        let sub = {
            let seen = seen.clone();
            subscribe("inv", Callback::from(move |t: String| seen.borrow_mut().push(t)))
        };
        publish("inv", "b");
        assert_eq!(text("inv", || None), Some("b".into()));
        drop(sub);
        publish("inv", "c");
        assert_eq!(*seen.borrow(), ["b"]);
    }
}
