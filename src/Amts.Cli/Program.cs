using Amts.Cli;

Interrupt.Install(Console.Error);
return CliApp.Run(args, Console.Out, Console.Error);
