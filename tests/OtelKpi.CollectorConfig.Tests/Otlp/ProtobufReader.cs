using System.Buffers.Binary;
using System.Text;

namespace OtelKpi.CollectorConfig.Tests.Otlp;

/// <summary>One field of a protobuf message: its number, wire type and raw value.</summary>
/// <param name="Number">The field number.</param>
/// <param name="WireType">0 varint, 1 fixed64, 2 length-delimited, 5 fixed32.</param>
/// <param name="Varint">The value of a varint field.</param>
/// <param name="Bytes">The payload of a length-delimited, fixed64 or fixed32 field.</param>
internal readonly record struct ProtobufField(int Number, int WireType, ulong Varint, ReadOnlyMemory<byte> Bytes)
{
    /// <summary>Gets the field as a UTF-8 string.</summary>
    public string String => Encoding.UTF8.GetString(this.Bytes.Span);

    /// <summary>Gets a fixed64 field as a double.</summary>
    public double Double => BitConverter.Int64BitsToDouble(BinaryPrimitives.ReadInt64LittleEndian(this.Bytes.Span));

    /// <summary>Gets a fixed64 field as an unsigned integer.</summary>
    public ulong Fixed64 => BinaryPrimitives.ReadUInt64LittleEndian(this.Bytes.Span);
}

/// <summary>
/// A minimal reader of the protobuf wire format (varint, fixed64, length-delimited, fixed32), enough to
/// walk OTLP messages field by field. Malformed input throws rather than being skipped.
/// </summary>
internal static class ProtobufReader
{
    /// <summary>The fields of a message, in wire order.</summary>
    public static IEnumerable<ProtobufField> Fields(ReadOnlyMemory<byte> message)
    {
        var position = 0;
        while (position < message.Length)
        {
            var key = ReadVarint(message.Span, ref position);
            var number = (int)(key >> 3);
            var wireType = (int)(key & 7);
            switch (wireType)
            {
                case 0:
                    yield return new ProtobufField(number, wireType, ReadVarint(message.Span, ref position), ReadOnlyMemory<byte>.Empty);
                    break;
                case 1:
                    yield return new ProtobufField(number, wireType, 0, Take(message, ref position, 8));
                    break;
                case 2:
                    var length = checked((int)ReadVarint(message.Span, ref position));
                    yield return new ProtobufField(number, wireType, 0, Take(message, ref position, length));
                    break;
                case 5:
                    yield return new ProtobufField(number, wireType, 0, Take(message, ref position, 4));
                    break;
                default:
                    throw new FormatException($"Unsupported wire type {wireType} for field {number} at byte {position}.");
            }
        }
    }

    /// <summary>The values of a repeated fixed64 field, packed (wire type 2) or not.</summary>
    public static IEnumerable<ReadOnlyMemory<byte>> Fixed64Values(ProtobufField field)
    {
        if (field.WireType == 1)
        {
            yield return field.Bytes;
            yield break;
        }

        if (field.Bytes.Length % 8 != 0)
        {
            throw new FormatException($"Packed fixed64 field {field.Number} has {field.Bytes.Length} bytes.");
        }

        for (var offset = 0; offset < field.Bytes.Length; offset += 8)
        {
            yield return field.Bytes.Slice(offset, 8);
        }
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> span, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (position >= span.Length)
            {
                throw new FormatException("Truncated varint.");
            }

            var b = span[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw new FormatException("Varint longer than 10 bytes.");
    }

    private static ReadOnlyMemory<byte> Take(ReadOnlyMemory<byte> message, ref int position, int length)
    {
        if (length < 0 || position + length > message.Length)
        {
            throw new FormatException($"Field of {length} bytes runs past the end of the message at byte {position}.");
        }

        var slice = message.Slice(position, length);
        position += length;
        return slice;
    }
}
