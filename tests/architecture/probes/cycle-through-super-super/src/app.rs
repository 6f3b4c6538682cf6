pub struct Io;

pub fn run() {
    crate::wait::poll();
}
