import { Alert, CircularProgress, Table, TableBody, TableCell, TableContainer, TableHead, TableRow } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api';

export function EndpointsView() {
  const q = useQuery({ queryKey: ['endpoints'], queryFn: () => unwrap(api.endpoints.list({})) });
  if (q.isPending) return <CircularProgress aria-label="Loading endpoints" />;
  if (q.isError) return <Alert severity="error">{q.error.message}</Alert>;
  return (
    <TableContainer>
      <Table size="small" aria-label="Endpoints">
        <TableHead>
          <TableRow>
            <TableCell>Name</TableCell>
            <TableCell>Network</TableCell>
            <TableCell>IP</TableCell>
            <TableCell>MAC</TableCell>
            <TableCell align="right">Proxy policies</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {q.data.map((ep) => (
            <TableRow key={ep.id}>
              <TableCell>{ep.name}</TableCell>
              <TableCell>{ep.networkName}</TableCell>
              <TableCell>{ep.ipAddresses.join(', ')}</TableCell>
              <TableCell>{ep.macAddress}</TableCell>
              <TableCell align="right">{ep.proxyPolicyCount}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
