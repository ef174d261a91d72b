using CrossMargin.Cli;

return CommandLine.Run(args);
