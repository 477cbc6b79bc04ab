using FracCluster.Cli;

return await FracApp.RunAsync(args);
