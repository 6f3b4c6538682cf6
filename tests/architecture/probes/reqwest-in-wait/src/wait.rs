pub async fn poll(client: &reqwest::Client, url: &str) -> bool {
    client.get(url).send().await.is_ok()
}
