//! The `gongwen` binary: parses arguments, runs the command, maps the
//! outcome to an exit code. All printing lives in `app`.

mod app;

fn main() -> std::process::ExitCode {
    app::main()
}
