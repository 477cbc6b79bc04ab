global using System.Globalization;
global using FracCluster.AzureProfile.Tests.Infrastructure;
global using FracCluster.Container.Tests.Infrastructure;
global using Xunit;
global using Xunit.Abstractions;
