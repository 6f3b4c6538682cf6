//! How people see the wait: the live block on a terminal, else the line-per-change log
//! (folded in a CI system's group). The choice is made once, at the start.

use std::sync::Arc;

use tokio::time::Instant;

use super::live::{self, LiveObserver};
use super::observer::LogObserver;
use super::sink::Sink;
use crate::config::Config;
use crate::report::human::{ProgressLog, Style};
use crate::report::live::Block;
use crate::wait::Observer;

pub enum Progress {
    Log(Arc<LogObserver>),
    Live(Arc<LiveObserver>, tokio::task::JoinHandle<()>),
}

impl Progress {
    pub fn start(
        config: &Config,
        sink: &Sink,
        style: Style,
        live: bool,
        start: Instant,
    ) -> Progress {
        let noun = super::subject(config).noun;
        let log = ProgressLog::new(config.verbosity, style).with_noun(&noun);
        if live {
            let block = Block::new(&config.job_ids, style).with_noun(&noun);
            let observer = Arc::new(LiveObserver::new(block, log, start));
            let ticker = {
                let observer = Arc::clone(&observer);
                tokio::spawn(async move {
                    let mut every = tokio::time::interval(live::TICK);
                    for tick in 0.. {
                        every.tick().await;
                        observer.redraw(tick);
                    }
                })
            };
            return Progress::Live(observer, ticker);
        }
        let observer = Arc::new(LogObserver::new(
            log,
            sink.clone(),
            Arc::clone(&config.ci),
            config.job_ids.len(),
        ));
        Progress::Log(observer)
    }

    pub fn observer(&self) -> Arc<dyn Observer> {
        match self {
            Progress::Log(o) => o.clone(),
            Progress::Live(o, _) => o.clone(),
        }
    }

    pub fn end(self) {
        match self {
            Progress::Log(o) => o.unfold(),
            Progress::Live(o, ticker) => {
                ticker.abort();
                o.clear();
            }
        }
    }
}
