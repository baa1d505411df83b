//! Browser test harness (placeholder until the tests land).
