import PostsummCLI
PostsummCommand.main()
