pub struct Answer;

pub fn watch(_io: &crate::app::Io) {}
