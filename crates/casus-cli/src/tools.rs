//! `casus completions` and `casus man`: shell completion scripts and manual pages, generated
//! from the same clap definitions that parse the arguments, so they cannot drift from them.

use clap::CommandFactory;

use crate::Cli;

/// The completion script of `casus` for `shell`.
pub fn completions(shell: clap_complete::Shell) -> String {
    let mut cmd = Cli::command();
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "casus", &mut buf);
    String::from_utf8_lossy(&buf).into_owned()
}

/// The manual page (roff) of `casus`, which lists every command, or of one command
/// (`casus-eval(1)`); `Err` holds the message for an unknown command (exit status 1).
pub fn man(command: Option<&str>) -> Result<String, String> {
    let mut root = Cli::command();
    // Building propagates the version and gives every command its `casus eval` bin name.
    root.build();
    let source = format!("casus {}", root.get_version().unwrap_or_default());
    let page = match command {
        None => root,
        Some(name) => {
            let Some(sub) = root.find_subcommand(name) else {
                let names: Vec<&str> = root.get_subcommands().map(|c| c.get_name()).filter(|n| *n != "help").collect();
                let hint = casus_core::suggest::did_you_mean(name, names.iter().copied())
                    .map_or_else(|| format!("one of {}", names.join(", ")), |n| format!("did you mean `{n}`?"));
                return Err(format!("error: no command `{name}`\n  help: {hint}"));
            };
            // `casus-eval(1)`, as git and cargo name the pages of their commands.
            sub.clone().display_name(format!("casus-{}", sub.get_name()))
        }
    };
    let mut buf = Vec::new();
    clap_mangen::Man::new(page)
        .source(source)
        .render(&mut buf)
        .map_err(|e| format!("error: cannot render the manual page: {e}"))?;
    Ok(String::from_utf8_lossy(&buf).into_owned())
}
