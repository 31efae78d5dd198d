using Amts.Cli;
using Amts.Cli.Commands;

Interrupt.Install(Console.Error);
return CliApp.Run(args, Console.Out, Console.Error);
