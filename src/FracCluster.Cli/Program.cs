using FracCluster.Cli;

return await FracApp.Build().RunAsync(args);
