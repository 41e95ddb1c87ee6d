using System.Text;

namespace PatcherPortal.Engine.Datasets;

/// <summary>RFC 4180 records: quoted fields may hold commas, doubled quotes and line breaks.</summary>
public static class CsvReader
{
    public static IEnumerable<(int Line, List<string> Fields)> Read(TextReader reader)
    {
        var (fields, field, quoted, line, startLine) = (new List<string>(), new StringBuilder(), false, 1, 1);
        int c;
        while ((c = reader.Read()) != -1)
        {
            var ch = (char)c;
            if (quoted)
            {
                if (ch == '"' && reader.Peek() == '"') { field.Append('"'); reader.Read(); }
                else if (ch == '"') quoted = false;
                else { if (ch == '\n') line++; field.Append(ch); }
            }
            else if (ch == '"' && field.Length == 0) quoted = true;
            else if (ch == ',') { fields.Add(field.ToString()); field.Clear(); }
            else if (ch == '\n' || ch == '\r')
            {
                if (ch == '\r' && reader.Peek() == '\n') reader.Read();
                fields.Add(field.ToString()); field.Clear();
                if (fields.Count > 1 || fields[0].Length > 0) yield return (startLine, fields);
                fields = []; line++; startLine = line;
            }
            else field.Append(ch);
        }
        if (quoted) throw new FormatException($"line {startLine}: a quoted field is never closed.");
        fields.Add(field.ToString());
        if (fields.Count > 1 || fields[0].Length > 0) yield return (startLine, fields);
    }
}
