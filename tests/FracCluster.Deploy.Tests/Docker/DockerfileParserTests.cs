namespace FracCluster.Deploy.Tests.Docker;

public sealed class DockerfileParserTests
{
    [Fact]
    public void Continuations_comments_and_stages_are_read_as_docker_reads_them()
    {
        const string text = """
            # syntax=docker/dockerfile:1
            FROM base:1 AS build
            RUN one \
                # a comment inside a continuation
                two
            FROM --platform=linux/amd64 runtime:2
            ENV A=1 \
                B="two"
            EXPOSE 80/tcp 443
            USER 1000:1000
            ENTRYPOINT ["app", "--flag"]
            """;
        var dockerfile = Dockerfile.Parse(text);

        Assert.Equal(2, dockerfile.Stages.Count);
        Assert.Equal("build", dockerfile.Stages[0].Name);
        Assert.Equal("one  two", Assert.Single(dockerfile.Stages[0].All("RUN")).Arguments);
        Assert.Equal("runtime:2", dockerfile.Final.BaseImage);
        Assert.Null(dockerfile.Final.Name);
        Assert.Equal(new Dictionary<string, string> { ["A"] = "1", ["B"] = "two" }, dockerfile.Final.Environment());
        Assert.Equal([80, 443], dockerfile.Final.ExposedPorts());
        Assert.Equal(["app", "--flag"], dockerfile.Entrypoint());
    }

    [Fact]
    public void Shell_form_entrypoint_is_refused()
    {
        var dockerfile = Dockerfile.Parse("FROM x\nENTRYPOINT dotnet app.dll\n");
        var error = Assert.Throws<InvalidDataException>(() => dockerfile.Entrypoint());
        Assert.Contains("shell form", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_without_from_is_refused()
    {
        Assert.Throws<InvalidDataException>(() => Dockerfile.Parse("RUN echo\n"));
    }
}
