namespace PatcherPortal.Web.Api;

/// <summary>A request body that stops with a 413 once more than <c>limit</c> bytes are read: for bodies sent without a
/// length, on servers that do not enforce the limit themselves (the test server does not).</summary>
public sealed class LimitedBody(Stream inner, long limit) : Stream
{
    private long read;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellation = default) =>
        Count(await inner.ReadAsync(buffer, cancellation));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellation) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellation).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    private int Count(int bytes)
    {
        read += bytes;
        return read > limit ? throw new BadHttpRequestException(ApiProblems.TooLarge(null), StatusCodes.Status413PayloadTooLarge) : bytes;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => read; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
