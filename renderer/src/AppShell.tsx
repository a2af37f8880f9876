import { AppBar, Box, Toolbar, Typography } from '@mui/material';
import { EndpointsView } from './features/endpoints/EndpointsView';

export function AppShell() {
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', height: '100vh' }}>
      <AppBar position="static" elevation={0}>
        <Toolbar variant="dense">
          <Typography variant="h6" component="h1">
            HCN Proxy Control
          </Typography>
        </Toolbar>
      </AppBar>
      <Box component="main" sx={{ flex: 1, minHeight: 0, p: 2 }}>
        <EndpointsView />
      </Box>
    </Box>
  );
}
