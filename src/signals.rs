//! SIGTERM and SIGHUP: a running statement is stopped on the backend the way Ctrl-C
//! stops it, then the shell exits with 128 + the signal; with nothing running it exits
//! at once. Ctrl-C (SIGINT) sets the flag running statements check; in a script a
//! second Ctrl-C ends the process at once, for a backend that does not answer.
//!
//! The handler only touches atomics (and calls `tcsetattr` and `_exit`, both
//! async-signal-safe), so it may run on any thread at any moment. Exiting with `_exit`
//! skips destructors on purpose: nothing runs then that needs them. An acknowledged
//! local write is committed already (SQLite, synchronous=FULL), the history file is
//! appended per entry, and a `--flink-home` gateway dies with the shell through its
//! parent-death signal (see `flink_home::spawn`).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI32, AtomicPtr, Ordering};

/// The first termination signal received, 0 for none.
static RECEIVED: AtomicI32 = AtomicI32::new(0);
/// Whether a statement runs, i.e. whether there is something to stop before exiting.
static RUNNING: AtomicBool = AtomicBool::new(false);
/// The session's interrupt flag (the one Ctrl-C sets); never freed once installed.
static INTERRUPT: AtomicPtr<AtomicBool> = AtomicPtr::new(std::ptr::null_mut());
/// Whether the shell reads from someone at a prompt (a second Ctrl-C then does not exit).
static INTERACTIVE: AtomicBool = AtomicBool::new(false);
/// The terminal settings at start-up, put back when exiting from the prompt (which
/// keeps the terminal in raw mode) or from a password prompt (echo off).
#[cfg(unix)]
static TERMINAL: std::sync::OnceLock<libc::termios> = std::sync::OnceLock::new();

/// Handles SIGTERM and SIGHUP from now on. `interrupt` is the flag running statements
/// check; setting it stops them on the backend.
pub fn install(interrupt: &Arc<AtomicBool>) {
    let flag = Arc::into_raw(Arc::clone(interrupt)).cast_mut();
    INTERRUPT.store(flag, Ordering::SeqCst);
    #[cfg(unix)]
    {
        save_terminal();
        for signal in [libc::SIGTERM, libc::SIGHUP] {
            // SAFETY: a zeroed sigaction is a valid "no flags, empty mask" value, and
            // the handler is async-signal-safe. A failure keeps the default action,
            // which ends the process too.
            unsafe {
                let mut action: libc::sigaction = std::mem::zeroed();
                action.sa_sigaction = on_signal as extern "C" fn(libc::c_int) as libc::sighandler_t;
                action.sa_flags = libc::SA_RESTART;
                libc::sigemptyset(&mut action.sa_mask);
                libc::sigaction(signal, &action, std::ptr::null_mut());
            }
        }
    }
}

/// Handles Ctrl-C from now on. Before this, Ctrl-C (say, at a prompt for a missing
/// secret) simply ends the process.
pub fn handle_ctrl_c(interactive: bool) {
    INTERACTIVE.store(interactive, Ordering::SeqCst);
    // A handler instead of a thread waiting for the signal: a thread costs a short
    // script a tenth of its run time, to start it and to end it.
    #[cfg(unix)]
    // SAFETY: as in `install`; `on_ctrl_c` only touches atomics, then may exit as
    // `on_signal` does.
    unsafe {
        let mut action: libc::sigaction = std::mem::zeroed();
        action.sa_sigaction = on_ctrl_c as extern "C" fn(libc::c_int) as libc::sighandler_t;
        action.sa_flags = libc::SA_RESTART;
        libc::sigemptyset(&mut action.sa_mask);
        libc::sigaction(libc::SIGINT, &action, std::ptr::null_mut());
    }
    #[cfg(not(unix))]
    {
        let _ = ctrlc::set_handler(|| {
            if interrupt_again() {
                std::process::exit(130);
            }
        });
    }
}

/// Sets the interrupt flag; whether the process should end now: a second Ctrl-C in a
/// script, or Ctrl-C before there is a flag.
fn interrupt_again() -> bool {
    let flag = INTERRUPT.load(Ordering::SeqCst);
    // SAFETY: the pointer came from `Arc::into_raw` and is never released.
    match unsafe { flag.as_ref() } {
        Some(flag) => flag.swap(true, Ordering::SeqCst) && !INTERACTIVE.load(Ordering::SeqCst),
        None => true,
    }
}

#[cfg(unix)]
extern "C" fn on_ctrl_c(_signal: libc::c_int) {
    if interrupt_again() {
        exit_now(130);
    }
}

#[cfg(unix)]
fn save_terminal() {
    // SAFETY: isatty/tcgetattr only read the descriptor's state into `termios`.
    unsafe {
        if libc::isatty(libc::STDIN_FILENO) == 1 {
            let mut termios: libc::termios = std::mem::zeroed();
            if libc::tcgetattr(libc::STDIN_FILENO, &mut termios) == 0 {
                let _ = TERMINAL.set(termios);
            }
        }
    }
}

/// Marks a statement as running until the returned guard is dropped: a termination
/// signal in that time stops it instead of ending the process.
pub fn statement_running() -> Running {
    RUNNING.store(true, Ordering::SeqCst);
    Running(())
}

pub struct Running(());

impl Drop for Running {
    fn drop(&mut self) {
        RUNNING.store(false, Ordering::SeqCst);
    }
}

/// Whether SIGTERM or SIGHUP asked the shell to end (it does once the statement it
/// interrupted has stopped).
pub fn terminating() -> bool {
    RECEIVED.load(Ordering::SeqCst) != 0
}

/// The exit code for a run that would end with `code`: 128 + the signal if one asked
/// the shell to end (143 for SIGTERM, 129 for SIGHUP), whatever the statement did.
pub fn exit_code(code: u8) -> u8 {
    match RECEIVED.load(Ordering::SeqCst) {
        0 => code,
        signal => exit_status(signal),
    }
}

fn exit_status(signal: i32) -> u8 {
    u8::try_from(128 + signal).unwrap_or(u8::MAX)
}

#[cfg(unix)]
extern "C" fn on_signal(signal: libc::c_int) {
    let first = RECEIVED
        .compare_exchange(0, signal, Ordering::SeqCst, Ordering::SeqCst)
        .is_ok();
    if first && RUNNING.load(Ordering::SeqCst) {
        let flag = INTERRUPT.load(Ordering::SeqCst);
        // SAFETY: the pointer came from `Arc::into_raw` and is never released.
        if let Some(flag) = unsafe { flag.as_ref() } {
            flag.store(true, Ordering::SeqCst);
            return;
        }
    }
    // Nothing to stop, or a second signal: the user wants the process gone now.
    exit_now(i32::from(exit_status(signal)));
}

/// Puts the terminal back and ends the process; callable from a signal handler.
#[cfg(unix)]
fn exit_now(code: i32) -> ! {
    // SAFETY: tcgetpgrp, getpgrp, tcsetattr and _exit are async-signal-safe; `get` is
    // an atomic load.
    unsafe {
        // Only from the foreground: elsewhere tcsetattr would stop the process (SIGTTOU).
        if let Some(termios) = TERMINAL.get()
            && libc::tcgetpgrp(libc::STDIN_FILENO) == libc::getpgrp()
        {
            libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, termios);
        }
        libc::_exit(code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_exit_status_is_128_plus_the_signal() {
        assert_eq!(exit_status(15), 143);
        assert_eq!(exit_status(1), 129);
        assert_eq!(exit_status(200), 255);
    }
}
