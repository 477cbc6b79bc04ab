global using System.Globalization;
global using Xunit;
global using Xunit.Abstractions;
