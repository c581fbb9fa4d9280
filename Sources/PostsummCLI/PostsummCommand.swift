public enum PostsummCommand { public static func main() {} }
