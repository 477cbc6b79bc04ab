global using FracCluster.Dicom;
global using FracCluster.Dicom.Codec;
global using FracCluster.Dicom.Data;
global using FracCluster.Dicom.Pixels;
global using FracCluster.Dicom.Tests.Support;
global using Xunit;
