using FracCluster.Silo.Hosting;

return await FracSiloApp.RunAsync(args);
