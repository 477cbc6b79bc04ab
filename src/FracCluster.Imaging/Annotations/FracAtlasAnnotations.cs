using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace FracCluster.Imaging.Annotations;

/// <summary>
/// FracAtlas's localisation annotations, in the three formats and places it ships them (paths relative to the data set
/// root): <c>Annotations/COCO JSON/COCO_fracture_masks.json</c> (one file, category 1 "fractured", bbox
/// [x, y, w, h] in pixels), <c>Annotations/YOLO/IMG….txt</c> (per image, lines "0 cx cy w h" relative to the image size)
/// and <c>Annotations/PASCAL VOC/IMG….xml</c> (per image, objects "fractured" with pixel bndbox). Only fractured images
/// have files.
/// </summary>
public static class FracAtlasAnnotations
{
    public const string CocoPath = "Annotations/COCO JSON/COCO_fracture_masks.json";
    public const string YoloFolder = "Annotations/YOLO/";
    public const string VocFolder = "Annotations/PASCAL VOC/";
    public const string CategoryName = "fractured";
    public const int CocoCategoryId = 1;

    public static string YoloPath(string fileName) => YoloFolder + Path.GetFileNameWithoutExtension(fileName) + ".txt";

    public static string VocPath(string fileName) => VocFolder + Path.GetFileNameWithoutExtension(fileName) + ".xml";

    public static string WriteCoco(IEnumerable<AnnotatedImage> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var imageArray = new JsonArray();
        var annotationArray = new JsonArray();
        var imageId = 0;
        var annotationId = 0;
        foreach (var image in images)
        {
            imageId++;
            imageArray.Add(new JsonObject
            {
                ["id"] = imageId,
                ["file_name"] = image.FileName,
                ["width"] = image.Width,
                ["height"] = image.Height,
            });
            foreach (var box in image.Boxes)
            {
                annotationId++;
                annotationArray.Add(new JsonObject
                {
                    ["id"] = annotationId,
                    ["image_id"] = imageId,
                    ["category_id"] = CocoCategoryId,
                    ["bbox"] = new JsonArray(Round(box.X), Round(box.Y), Round(box.Width), Round(box.Height)),
                    ["area"] = Round(box.Width * box.Height),
                    ["iscrowd"] = 0,
                    // FracAtlas draws polygons; a synthetic fracture is known only by its box, drawn as one.
                    ["segmentation"] = new JsonArray(new JsonArray(
                        Round(box.X), Round(box.Y), Round(box.Right), Round(box.Y),
                        Round(box.Right), Round(box.Bottom), Round(box.X), Round(box.Bottom))),
                });
            }
        }
        var root = new JsonObject
        {
            ["images"] = imageArray,
            ["annotations"] = annotationArray,
            ["categories"] = new JsonArray(new JsonObject { ["id"] = CocoCategoryId, ["name"] = CategoryName }),
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }

    /// <summary>Images of a COCO file with their boxes (all categories: FracAtlas has one). Throws <see cref="AnnotationFormatException"/>.</summary>
    public static IReadOnlyList<AnnotatedImage> ReadCoco(string json, string source = CocoPath)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            var root = JsonNode.Parse(json)?.AsObject() ?? throw new AnnotationFormatException($"{source} is not a JSON object.");
            var images = (root["images"]?.AsArray() ?? throw new AnnotationFormatException($"{source} has no \"images\" array."))
                .Select(node => node!.AsObject())
                .ToDictionary(
                    o => o["id"]!.GetValue<long>(),
                    o => (Name: o["file_name"]!.GetValue<string>(), Width: o["width"]!.GetValue<int>(), Height: o["height"]!.GetValue<int>(), Boxes: new List<FractureBox>()));
            foreach (var node in root["annotations"]?.AsArray() ?? [])
            {
                var annotation = node!.AsObject();
                var imageId = annotation["image_id"]!.GetValue<long>();
                if (!images.TryGetValue(imageId, out var image))
                    throw new AnnotationFormatException($"{source}: annotation {annotation["id"]} refers to image {imageId}, which is not listed.");
                var bbox = annotation["bbox"]!.AsArray();
                if (bbox.Count != 4)
                    throw new AnnotationFormatException($"{source}: annotation {annotation["id"]} has a bbox of {bbox.Count} numbers, not 4.");
                image.Boxes.Add(Checked(new FractureBox(bbox[0]!.GetValue<double>(), bbox[1]!.GetValue<double>(), bbox[2]!.GetValue<double>(), bbox[3]!.GetValue<double>()), source));
            }
            return [.. images.Values.Select(i => new AnnotatedImage(i.Name, i.Width, i.Height, i.Boxes))];
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or NullReferenceException or FormatException)
        {
            throw new AnnotationFormatException($"{source} is not a COCO annotation file: {ex.Message}", ex);
        }
    }

    /// <summary>YOLO lines for one image: class 0, centre and size relative to the image.</summary>
    public static string WriteYolo(AnnotatedImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var text = new StringBuilder();
        foreach (var box in image.Boxes)
        {
            text.Append(CultureInfo.InvariantCulture, $"0 {(box.X + (box.Width / 2)) / image.Width:0.######} {(box.Y + (box.Height / 2)) / image.Height:0.######} ")
                .Append(CultureInfo.InvariantCulture, $"{box.Width / image.Width:0.######} {box.Height / image.Height:0.######}\n");
        }
        return text.ToString();
    }

    /// <summary>Boxes of a YOLO file, in pixels of a width × height image. Throws <see cref="AnnotationFormatException"/>.</summary>
    public static IReadOnlyList<FractureBox> ReadYolo(string text, int imageWidth, int imageHeight, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        var boxes = new List<FractureBox>();
        var lineNumber = 0;
        foreach (var line in text.Split('\n'))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
                continue;
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 5 || !parts.Skip(1).All(p => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
                throw new AnnotationFormatException($"{source} line {lineNumber}: expected \"class cx cy w h\", got \"{line.Trim()}\".");
            var v = parts.Skip(1).Select(p => double.Parse(p, CultureInfo.InvariantCulture)).ToArray();
            var (w, h) = (v[2] * imageWidth, v[3] * imageHeight);
            boxes.Add(Checked(new FractureBox((v[0] * imageWidth) - (w / 2), (v[1] * imageHeight) - (h / 2), w, h), source));
        }
        return boxes;
    }

    public static string WriteVoc(AnnotatedImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var root = new XElement("annotation",
            new XElement("folder", "Fractured"),
            new XElement("filename", image.FileName),
            new XElement("source", new XElement("database", "FracAtlas")),
            new XElement("size", new XElement("width", image.Width), new XElement("height", image.Height), new XElement("depth", 3)),
            new XElement("segmented", 0),
            image.Boxes.Select(box => new XElement("object",
                new XElement("name", CategoryName),
                new XElement("pose", "Unspecified"),
                new XElement("truncated", 0),
                new XElement("difficult", 0),
                new XElement("bndbox",
                    new XElement("xmin", Round(box.X)),
                    new XElement("ymin", Round(box.Y)),
                    new XElement("xmax", Round(box.Right)),
                    new XElement("ymax", Round(box.Bottom))))));
        return root.ToString();
    }

    /// <summary>The image a PASCAL VOC file describes. Throws <see cref="AnnotationFormatException"/>.</summary>
    public static AnnotatedImage ReadVoc(string xml, string source)
    {
        ArgumentNullException.ThrowIfNull(xml);
        try
        {
            var root = XElement.Parse(xml);
            var size = root.Element("size") ?? throw new AnnotationFormatException($"{source} has no <size>.");
            var boxes = root.Elements("object").Select(o =>
            {
                var b = o.Element("bndbox") ?? throw new AnnotationFormatException($"{source}: an <object> has no <bndbox>.");
                var (xmin, ymin) = (Number(b, "xmin", source), Number(b, "ymin", source));
                return Checked(new FractureBox(xmin, ymin, Number(b, "xmax", source) - xmin, Number(b, "ymax", source) - ymin), source);
            }).ToList();
            var fileName = root.Element("filename")?.Value ?? throw new AnnotationFormatException($"{source} has no <filename>.");
            return new AnnotatedImage(fileName, (int)Number(size, "width", source), (int)Number(size, "height", source), boxes);
        }
        catch (System.Xml.XmlException ex)
        {
            throw new AnnotationFormatException($"{source} is not XML: {ex.Message}", ex);
        }
    }

    private static double Number(XElement parent, string name, string source) =>
        double.TryParse(parent.Element(name)?.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new AnnotationFormatException($"{source}: <{name}> is missing or not a number.");

    private static FractureBox Checked(FractureBox box, string source) =>
        box.Width > 0 && box.Height > 0 && double.IsFinite(box.X) && double.IsFinite(box.Y)
            ? box
            : throw new AnnotationFormatException($"{source}: box ({box.X}, {box.Y}) {box.Width}×{box.Height} is empty or not finite.");

    // Sub-pixel precision is all any of the formats carries in practice.
    private static double Round(double value) => Math.Round(value, 2);
}
