//! What jobwait does differently when it runs in a CI system: collapsible log sections,
//! and on GitHub also step outputs, a step summary, annotations and log masking.

pub mod github;
pub mod gitlab;
